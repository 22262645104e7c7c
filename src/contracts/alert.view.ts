import type { AlertKind, AlertResponse, AlertState } from '../alerts/domain/alert';

/** What screens and APIs show of an alert: plain data, safe to send to a browser (no entity, no FHIR). */
export interface AlertView {
  readonly id: string;
  readonly kind: AlertKind;
  readonly state: AlertState;
  readonly wardId: string | null;
  readonly patient: { readonly id: string; readonly initials: string; readonly bed: string | null } | null;
  readonly title: string;
  readonly level: string;
  /** Lower is more urgent. */
  readonly severity: number;
  readonly clinicalRisk: string | null;
  readonly chart: { readonly id: string; readonly version: string; readonly verification: string } | null;
  /** Who should respond and how fast (from the chart's response), and whether that timing is sourced. */
  readonly response: {
    readonly who: string;
    readonly reviewWithinMinutes: number | null;
    readonly verification: string;
  } | null;
  readonly total: number | null;
  readonly improved: boolean;
  readonly escalation: { readonly step: number; readonly withRole: string; readonly nextAt: string | null };
  readonly raisedAt: string;
  readonly acknowledged: { readonly by: string; readonly at: string; readonly device: string | null } | null;
  readonly responded: {
    readonly response: AlertResponse;
    readonly reason: string | null;
    readonly at: string;
    /** Who responded (empty for alerts answered before Beacon kept the name). */
    readonly by: string;
  } | null;
  readonly closed: { readonly at: string; readonly reason: string } | null;
  readonly setId: string | null;
  /** For a pathway prompt (kind `prompt`): what is due, by when, under which rules; null for escalations. */
  readonly prompt: PromptView | null;
  /** Changes with every update: a screen keeps the newer of two views of one alert. */
  readonly updatedAt: string;
}

/** What a prompt alert's `detail` holds (written by PromptsService). */
export interface PromptDetail {
  readonly pathway: 'preterm' | 'smoking';
  readonly action: string;
  readonly text: string;
  readonly ruleSet: string;
  readonly source: string;
  readonly verification: 'verified' | 'unverified';
  readonly staffMayRecord: boolean;
}

export interface PromptView extends PromptDetail {
  /** `preterm/<intervention>` or `smoking/<code>`. */
  readonly code: string;
  /** The deadline, or null for "as soon as possible" (or a window relative to a birth not yet known). */
  readonly dueAt: string | null;
}
