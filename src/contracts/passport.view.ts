/** The preterm passport of one baby, as the page shows it (plain data, safe to send to a browser). */
export interface PassportView {
  readonly baby: {
    readonly id: string;
    readonly initials: string;
    readonly bed: string | null;
    readonly wardId: string | null;
    readonly birthTime: string | null;
    /** Completed weeks+days, e.g. "29+2"; null when not known. */
    readonly gestationAtBirth: string | null;
    readonly birthWeightGrams: number | null;
  };
  readonly ruleSet: { readonly id: string; readonly title: string; readonly source: string };
  readonly generatedAt: string;
  readonly interventions: readonly PassportIntervention[];
}

export type PassportStatus = 'done' | 'done-late' | 'due' | 'not-given' | 'not-needed' | 'not-known';

export interface PassportIntervention {
  readonly intervention: string;
  /** Plain language, for the family. */
  readonly title: string;
  readonly why: string;
  readonly status: PassportStatus;
  readonly statusText: string;
  /** The clinical view. */
  readonly clinicalName: string;
  readonly eligible: boolean | null;
  readonly received: boolean | null;
  readonly meetsStandard: boolean | null;
  readonly reason: string;
  readonly standard: string | null;
  readonly verification: 'verified' | 'unverified' | null;
  /** What was recorded for it, with times. */
  readonly recorded: readonly { readonly what: string; readonly at: string }[];
  /** An open prompt for it (mother's or baby's), with its deadline. */
  readonly prompt: { readonly title: string; readonly dueAt: string | null } | null;
}
