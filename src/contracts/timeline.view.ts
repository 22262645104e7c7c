// What GET /api/alerts/:id/timeline answers. web/ imports this file with `import type` only, so it must stay types
// and type-only imports: nothing here exists at run time.
import type { AlertView } from './alert.view';

export interface TimelineStep {
  readonly id: string | null;
  readonly type: string;
  /** When it happened (the observation's own time for "observation.taken"). */
  readonly at: string;
  readonly recordedAt: string | null;
  readonly actor: {
    readonly type: string;
    readonly id: string;
    readonly name?: string;
    readonly role?: string;
    readonly device?: string;
  } | null;
  readonly details: Record<string, unknown>;
  readonly secondsSincePrevious: number | null;
  /** The audit row is unaltered and linked to the one before it (null for steps that are not audit rows). */
  readonly intact: boolean | null;
}

export interface TimelineSet {
  readonly id: string;
  readonly effectiveAt: string;
  readonly chart: { readonly id: string; readonly version: string; readonly verification: string };
  readonly total: number;
  readonly clinicalRisk: string;
  /** When Beacon received the last of the set's readings (null: not in the audit trail). */
  readonly receivedAt: string | null;
  /** Each reading with its label and unit (null for a choice such as consciousness). */
  readonly readings: readonly {
    readonly field: string;
    readonly value: unknown;
    readonly label: string;
    readonly unit: string | null;
  }[];
}

export interface Timeline {
  readonly alert: AlertView;
  readonly steps: readonly TimelineStep[];
  readonly sets: readonly TimelineSet[];
  /** Per escalation step: how many distinct screens confirmed they showed the alert, and when. */
  readonly deliveries: readonly TimelineDelivery[];
  readonly chainIntact: boolean;
}

export interface TimelineDelivery {
  readonly step: number;
  readonly screens: number;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly to: readonly { readonly screen: string; readonly role: string; readonly at: string }[];
}
