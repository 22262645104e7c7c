// The public surface of the pure scoring package. Nothing here does I/O, logs, or reads the clock.
export type * from './chart';
/** A chart's id: the charts themselves are files (config/charts/), loaded outside this pure package. */
export type ChartId = string;
export { CLINICAL_RISKS, PATIENT_GROUPS } from './chart';
export type { ObservationSet, FieldId, FieldValue, ParseResult } from './observation-set';
export { OBSERVATION_FIELDS, FIELD_IDS, parseObservationSet } from './observation-set';
export type { ScoreResult, ScoreOutcome, ParameterScore } from './evaluate';
export { scoreObservationSet, responseFor } from './evaluate';
export { chartProblems } from './chart-invariants';
export type { GoldenCase, GoldenMismatch, GoldenReport } from './golden-cases';
export { checkGoldenCases } from './golden-cases';
export type { ChartChange } from './chart-diff';
export { chartDiff } from './chart-diff';
