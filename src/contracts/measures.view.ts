// What GET /api/measures returns (shared type-only with the /measures page in web/).
import type { MeasureDefinition, MeasureNotComputed } from '../measures/domain/catalogue';
import type { SpcAssurance, SpcSignal, SpcVariation } from '../measures/spc/rules';

export type { MeasureDefinition };

export interface MeasurePointView {
  readonly period: string;
  /** null when suppressed (fewer than 5). */
  readonly value: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly suppressed: boolean;
  /** As a table shows it: "12.5% (5/40)", "< 5". */
  readonly display: string;
  readonly mean: number | null;
  readonly upperLimit: number | null;
  readonly lowerLimit: number | null;
  readonly signals: readonly SpcSignal[];
  /** Where the events behind the point can be reviewed (the audited escalation list), when there is one. */
  readonly drillDown: string | null;
}

export interface MeasureSeriesView {
  /** 'all' (the unit) or a ward id ('unassigned': events with no ward). */
  readonly ward: string;
  readonly wardName: string;
  readonly chart: 'xmr' | 'p';
  readonly points: readonly MeasurePointView[];
  /** The icons of the latest point; null when there are too few points for limits. */
  readonly variation: SpcVariation | null;
  readonly assurance: SpcAssurance;
}

export interface MeasureView {
  readonly definition: MeasureDefinition;
  readonly series: readonly MeasureSeriesView[];
}

export interface MeasuresView {
  readonly from: string;
  readonly to: string;
  readonly computedAt: string;
  readonly measures: readonly MeasureView[];
  readonly notComputed: readonly MeasureNotComputed[];
}
