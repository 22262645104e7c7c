// What GET /api/audit/alerts answers: the auditor's list of escalations. web/ imports this file with `import type`
// only, so it must stay types and type-only imports: nothing here exists at run time.
import type { AlertKind, AlertState } from '../alerts/domain/alert';

/**
 * Whether the first acknowledgement came in time. The deadline is the first escalation time recorded when the alert
 * was raised (`alert.raised` → `escalatesAt`: the shorter of the chart's review time and the ward's first ladder
 * step). "late": acknowledged after it; "missed": never acknowledged and the deadline passed while the alert was open
 * (it escalated before anyone acknowledged it); "pending": open, unacknowledged, deadline still ahead;
 * "not-needed": closed (resolved, superseded, retracted) before the deadline without an acknowledgement.
 */
export type AcknowledgementStatus = 'on-time' | 'late' | 'missed' | 'pending' | 'not-needed';

/** When each step of one escalation happened (ISO times; null: it has not happened, or Beacon cannot know). */
export interface EscalationTimes {
  /** The observation set's own time (effectiveDateTime). */
  readonly observationTakenAt: string | null;
  /** The last `observation.received` of the set's readings before the alert was raised. */
  readonly receivedAt: string | null;
  readonly scoredAt: string | null;
  readonly raisedAt: string;
  /** The first `alert.delivered`: a screen confirmed it showed the alert. */
  readonly firstDeliveredAt: string | null;
  /** The first `alert.acknowledged` (a later worsening resets the alert, not this). */
  readonly acknowledgedAt: string | null;
  readonly acknowledgeDueAt: string | null;
  readonly respondedAt: string | null;
  /** Resolved, superseded or retracted. */
  readonly closedAt: string | null;
}

/** The key durations in seconds, each between two named steps; null when either step is missing. */
export interface EscalationDurations {
  readonly takenToReceived: number | null;
  readonly receivedToScored: number | null;
  readonly scoredToRaised: number | null;
  readonly raisedToDelivered: number | null;
  readonly raisedToAcknowledged: number | null;
  readonly acknowledgedToResponded: number | null;
  readonly raisedToClosed: number | null;
}

export interface EscalationRow {
  readonly id: string;
  readonly kind: AlertKind;
  readonly state: AlertState;
  readonly level: string;
  readonly wardId: string | null;
  readonly patient: { readonly id: string; readonly initials: string; readonly bed: string | null } | null;
  readonly title: string;
  readonly clinicalRisk: string | null;
  readonly chart: { readonly id: string; readonly version: string } | null;
  readonly acknowledgement: AcknowledgementStatus;
  readonly acknowledgedBy: string | null;
  readonly response: string | null;
  readonly responseReason: string | null;
  readonly closedReason: string | null;
  /** How many `alert.escalated` steps it went through. */
  readonly escalations: number;
  readonly times: EscalationTimes;
  readonly durations: EscalationDurations;
}

/** The filters as Beacon understood them (also what the CSV export was made with). */
export interface EscalationFilters {
  readonly ward?: string;
  readonly kind?: string;
  readonly level?: string;
  /** Raised at or after. */
  readonly from?: string;
  /** Raised before. */
  readonly to?: string;
  /** true: acknowledged late or not at all (late, missed); false: the others. */
  readonly late?: boolean;
  readonly response?: string;
  readonly reason?: string;
  /** Free text: patient initials, bed or title. */
  readonly q?: string;
}

export interface EscalationPage {
  readonly rows: readonly EscalationRow[];
  /** Rows matching the filters, over every page. */
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly filters: EscalationFilters;
  /** What the filters can be set to (for the form). */
  readonly options: {
    readonly wards: readonly { readonly id: string; readonly name: string }[];
    readonly kinds: readonly string[];
    readonly levels: readonly string[];
    readonly responses: readonly string[];
    readonly reasons: readonly string[];
  };
}
