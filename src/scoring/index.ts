// The public surface of the pure scoring package. Nothing here does I/O, logs, or reads the clock.
export type * from './chart';
export { CLINICAL_RISKS, PATIENT_GROUPS } from './chart';
export type { ObservationSet, FieldId, FieldValue, ParseResult } from './observation-set';
export { OBSERVATION_FIELDS, FIELD_IDS, parseObservationSet } from './observation-set';
export type { ScoreResult, ScoreOutcome, ParameterScore } from './evaluate';
export { scoreObservationSet, responseFor } from './evaluate';
export { chartProblems } from './chart-invariants';
export type { ChartId } from './charts';
export { CHARTS, CHART_IDS, isChartId } from './charts';
