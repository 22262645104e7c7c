// What GET /api/patients/:id/chart answers: a patient's observation chart over time. web/ imports this file with
// `import type` only, so it must stay types and type-only imports: nothing here exists at run time.
import type { Verification } from '../scoring/chart';

/** A numeric band drawn on a parameter's panel: inclusive `from`–`to` at the chart's precision. */
export interface ChartBandView {
  readonly from: number;
  readonly to: number;
  readonly score: number;
  /** The chart's display colour for this score. */
  readonly colour: string;
}

/** A choice parameter's answers (ACVPU, newborn signs, air or oxygen), each with its score and colour. */
export interface ChartChoiceView {
  readonly value: string | number | boolean;
  readonly label: string;
  readonly score: number;
  readonly colour: string;
}

interface ParameterViewCommon {
  readonly id: string;
  readonly label: string;
  readonly verification: Verification;
}

export interface NumericParameterView extends ParameterViewCommon {
  readonly kind: 'number';
  readonly unit: string;
  readonly precision: number;
  /**
   * The band table drawn: the one the patient's latest reading was scored against when the chart has several
   * (NEWS2 SpO2 scale 1 or 2, air or oxygen). Each point keeps the colour of its own stored score.
   */
  readonly bands: readonly ChartBandView[];
  /** Which band table is drawn, when the chart has more than one ("SpO2 scale 2, on oxygen"). */
  readonly bandsNote: string | null;
}

export interface ChoiceParameterView extends ParameterViewCommon {
  readonly kind: 'choice';
  readonly choices: readonly ChartChoiceView[];
}

export type ParameterView = NumericParameterView | ChoiceParameterView;

/** A chart definition as src/scoring declares it, reduced to what the page draws. */
export interface ChartDefinitionView {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly verification: Verification;
  /** What is unverified and what replaces it (unverified charts only). */
  readonly verificationNote: string | null;
  readonly parameters: readonly ParameterView[];
  /** Lowest to highest risk, with the label that goes with the colour. */
  readonly riskLevels: readonly {
    readonly id: string;
    readonly label: string;
    readonly colour: string;
    readonly escalate: boolean;
  }[];
  /** The display colour of each parameter score. */
  readonly scoreColours: readonly { readonly score: number; readonly colour: string }[];
}

/** One scored observation set. A parameter absent from `values` was not recorded (a gap, never interpolated). */
export interface ChartedSet {
  readonly id: string;
  readonly effectiveAt: string;
  /** The chart and version that scored it (may be older than the definition drawn: see `PatientChart.charts`). */
  readonly chart: { readonly id: string; readonly version: string; readonly verification: string };
  readonly total: number;
  readonly clinicalRisk: string;
  readonly complete: boolean;
  readonly missing: readonly string[];
  readonly concern: boolean;
  readonly values: Readonly<
    Record<string, { readonly value: string | number | boolean; readonly score: number }>
  >;
}

export type AlertMarkerEvent = 'raised' | 'escalated' | 'acknowledged' | 'resolved';

/** A step in the life of one of the patient's alerts, from the audit trail. */
export interface AlertMarker {
  readonly alertId: string;
  /** deterioration, concern, overdue… */
  readonly kind: string;
  readonly event: AlertMarkerEvent;
  readonly at: string;
  readonly level: string | null;
  /** The escalation step reached (escalated only). */
  readonly step: number | null;
  /** Who acknowledged or resolved it, when a person did. */
  readonly by: string | null;
}

export interface PatientChart {
  readonly patient: {
    readonly id: string;
    readonly initials: string;
    readonly bed: string | null;
    readonly wardId: string | null;
    readonly wardName: string | null;
  };
  /** The definitions of the charts that scored the sets, in order of first use. */
  readonly charts: readonly ChartDefinitionView[];
  /** Oldest first; current sets only (a set whose readings were all entered in error is left out). */
  readonly sets: readonly ChartedSet[];
  /** Oldest first. */
  readonly markers: readonly AlertMarker[];
  /** True when the stay had more sets than one answer carries: the oldest are left out. */
  readonly truncated: boolean;
  /** Server time of the answer. */
  readonly at: string;
}
