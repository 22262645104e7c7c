// What GET /api/charts, /api/charts/:id and /api/charts/:id/diff answer. web/ imports this file with `import type`
// only, so it must stay types and type-only imports: nothing here exists at run time.
import type { ChartChange } from '../scoring/chart-diff';
import type { ChartDefinition, PatientGroup } from '../scoring/chart';

export type {
  ChartDefinition,
  ChoiceParameter,
  NumericBand,
  NumericParameter,
  VariantCondition,
} from '../scoring/chart';

export interface SignOffView {
  readonly signedBy: string;
  readonly role: string;
  readonly signedAt: string;
  readonly sourceSha256: string;
}

/** A reading's name and unit as the chart page writes them. */
export interface FieldLabelView {
  readonly label: string;
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
}

export interface ChartPageView {
  readonly chart: ChartDefinition;
  /** SHA-256 of the chart's content: what a sign-off is bound to. */
  readonly hash: string;
  /** The sign-off of this exact content, if any. */
  readonly signOff: SignOffView | null;
  /** Versions that can be compared: the one in use and every signed one, oldest first. */
  readonly versions: readonly string[];
  readonly fields: Readonly<Record<string, FieldLabelView>>;
}

export interface ChartDiffView {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly changes: readonly ChartChange[];
}

export interface WardChartView {
  readonly wardId: string;
  readonly wardName: string;
  readonly group: PatientGroup;
  readonly chartId: string;
  readonly version: string;
  readonly title: string;
  readonly verification: string;
  readonly hash: string;
  readonly signOff: SignOffView | null;
}

export interface ChartsConfigurationView {
  readonly clinicalMode: string;
  readonly wards: readonly WardChartView[];
  readonly charts: readonly {
    readonly id: string;
    readonly version: string;
    readonly title: string;
    readonly verification: string;
    readonly file: string;
    readonly hash: string;
    readonly signOff: SignOffView | null;
  }[];
}
