// What the measures read, as plain rows (the repository fills them from Beacon's tables). Times are epoch ms.

/** A deterioration alert or a worry-or-concern escalation (never a prompt, an overdue or a processing failure). */
export interface EscalationFact {
  readonly id: string;
  readonly wardId: string | null;
  readonly patientId: string | null;
  readonly kind: 'deterioration' | 'concern';
  readonly raisedAt: number;
  /** When the ladder's first step ran out (escalatesAt of the raise); null when the alert had no deadline. */
  readonly acknowledgeDueAt: number | null;
  readonly acknowledgedAt: number | null;
  readonly respondedAt: number | null;
  /** The chart's "review within" for the level raised; null when the chart gives none. */
  readonly reviewWithinMinutes: number | null;
  readonly closedAt: number | null;
  /** Retracted (entered in error): excluded from every measure. A superseded alert counts until it closed. */
  readonly withdrawn: boolean;
}

/** An "observations overdue" alert: a set that was due and not taken in time. */
export interface OverdueFact {
  readonly id: string;
  readonly wardId: string | null;
  readonly patientId: string | null;
  readonly raisedAt: number;
}

export type PromptOutcome = 'recorded' | 'missed' | 'withdrawn' | 'open';

export interface PromptFact {
  readonly id: string;
  readonly wardId: string | null;
  readonly patientId: string | null;
  /** `preterm/<intervention>` or `smoking/<code>`. */
  readonly code: string;
  readonly raisedAt: number;
  readonly closedAt: number | null;
  readonly outcome: PromptOutcome;
}

/** A scored observation set (current, not retracted). */
export interface ObservationSetFact {
  readonly wardId: string | null;
  readonly patientId: string;
  readonly effectiveAt: number;
}

/** A member of staff escalating: raising a worry or concern, or answering an alert with "escalating". */
export interface StaffEscalationFact {
  readonly wardId: string | null;
  readonly staffId: string;
  readonly at: number;
  readonly alertId: string | null;
}

/** A carbon monoxide reading (ppm) of a pregnant woman. */
export interface CoReadingFact {
  readonly wardId: string | null;
  readonly patientId: string;
  readonly at: number;
  readonly ppm: number;
}

/** A smoking status she gave (NICE NG209 self-report: smoker, ex-smoker, never). */
export interface SmokingStatusFact {
  readonly wardId: string | null;
  readonly patientId: string;
  readonly at: number;
  readonly status: string;
}

/** An opt-out referral to stop-smoking support, recorded by the EPR or by staff on a handheld. */
export interface ReferralFact {
  readonly wardId: string | null;
  readonly patientId: string;
  readonly at: number;
}

/** One preterm baby's nine interventions as the unit's rule set judged them (the passport's evaluation). */
export interface PretermBabyFact {
  readonly wardId: string | null;
  readonly babyId: string;
  readonly bornAt: number;
  readonly interventions: readonly {
    readonly intervention: string;
    readonly eligible: boolean | null;
    readonly received: boolean | null;
    readonly meetsStandard: boolean | null;
  }[];
}

/** A computation or an export of the measures (M-30, M-31). */
export interface MeasureRunFact {
  readonly kind: 'computed' | 'exported';
  readonly at: number;
}

export interface MeasureFacts {
  readonly escalations: readonly EscalationFact[];
  readonly overdue: readonly OverdueFact[];
  readonly prompts: readonly PromptFact[];
  readonly observationSets: readonly ObservationSetFact[];
  readonly staffEscalations: readonly StaffEscalationFact[];
  readonly coReadings: readonly CoReadingFact[];
  readonly smokingStatuses: readonly SmokingStatusFact[];
  readonly referrals: readonly ReferralFact[];
  readonly pretermBabies: readonly PretermBabyFact[];
  readonly runs: readonly MeasureRunFact[];
}

export const NO_FACTS: MeasureFacts = {
  escalations: [],
  overdue: [],
  prompts: [],
  observationSets: [],
  staffEscalations: [],
  coReadings: [],
  smokingStatuses: [],
  referrals: [],
  pretermBabies: [],
  runs: [],
};
