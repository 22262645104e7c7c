import type {
  ChartDefinition,
  ChoiceParameter,
  ClinicalRisk,
  NumericBand,
  NumericParameter,
  ParameterDefinition,
  ResponseDefinition,
  RiskRule,
  Verification,
} from './chart';
import type { FieldId, FieldValue, ObservationSet } from './observation-set';

export interface ParameterScore {
  readonly parameter: FieldId;
  readonly value: FieldValue;
  readonly score: number;
  /** Present only when a selector reading was missing and the worst case was scored. */
  readonly assumed?: string;
}

export interface ScoreResult {
  readonly chart: { readonly id: string; readonly version: string; readonly verification: Verification };
  readonly total: number;
  readonly complete: boolean;
  readonly missing: readonly FieldId[];
  readonly parameters: readonly ParameterScore[];
  readonly highestParameterScore: number | null;
  readonly concern: boolean;
  readonly clinicalRisk: ClinicalRisk;
  readonly escalate: boolean;
  readonly response: {
    readonly level: string;
    readonly who: string;
    readonly reviewWithinMinutes: number | null;
    readonly observationIntervalMinutes: number | null;
  };
}

export type ScoreOutcome =
  { readonly ok: true; readonly result: ScoreResult } | { readonly ok: false; readonly error: string };

/** Rounds half up in decimal (36.05 → 36.1), not in binary floating point (where 36.05 * 10 is 360.4999…). */
export function roundToPrecision(value: number, precision: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + precision}`));
  return Number(`${shifted}e${-precision}`);
}

export function findBand(bands: readonly NumericBand[], value: number): NumericBand | undefined {
  return bands.find((band) => value >= band.from && value <= band.to);
}

/** Selector readings the chart depends on, with their defaults when not recorded. */
const SELECTOR_DEFAULTS: Partial<Record<FieldId, FieldValue>> = { spo2Scale: 1 };

function scoreNumeric(parameter: NumericParameter, raw: number, set: ObservationSet): ParameterScore {
  const value = roundToPrecision(raw, parameter.precision);
  const candidates = parameter.variants.filter((variant) =>
    Object.entries(variant.when).every(([field, expected]) => {
      const recorded = set[field as FieldId] ?? SELECTOR_DEFAULTS[field as FieldId];
      return recorded === undefined || recorded === expected;
    }),
  );
  const scores = candidates.map((variant) => {
    const band = findBand(variant.bands, value);
    if (!band) throw new RangeError(`${parameter.id}: ${value} is in no band (chart invariant broken)`);
    return band.score;
  });
  const score = Math.max(...scores);
  const unresolved = Object.keys(candidates[0]?.when ?? {}).filter(
    (field) => set[field as FieldId] === undefined && SELECTOR_DEFAULTS[field as FieldId] === undefined,
  );
  return candidates.length > 1 && new Set(scores).size > 1
    ? {
        parameter: parameter.id,
        value: raw,
        score,
        assumed: `worst case: ${unresolved.join(', ')} not recorded`,
      }
    : { parameter: parameter.id, value: raw, score };
}

function scoreChoice(parameter: ChoiceParameter, value: FieldValue): ParameterScore {
  const band = parameter.bands.find((candidate) => candidate.values.includes(value));
  if (!band) throw new RangeError(`${parameter.id}: ${String(value)} is in no band (chart invariant broken)`);
  return { parameter: parameter.id, value, score: band.score };
}

function scoreParameter(
  parameter: ParameterDefinition,
  value: FieldValue,
  set: ObservationSet,
): ParameterScore {
  return parameter.kind === 'number'
    ? scoreNumeric(parameter, value as number, set)
    : scoreChoice(parameter, value);
}

function ruleHolds(rule: RiskRule, total: number, highest: number): boolean {
  const { totalAtLeast, anyParameterScoreAtLeast } = rule.when;
  return (
    (totalAtLeast === undefined || total >= totalAtLeast) &&
    (anyParameterScoreAtLeast === undefined || highest >= anyParameterScoreAtLeast)
  );
}

export function responseFor(chart: ChartDefinition, level: string): ResponseDefinition {
  const response = chart.responses.find((candidate) => candidate.level === level);
  if (!response)
    throw new RangeError(`${chart.id}: response ${level} is not defined (chart invariant broken)`);
  return response;
}

function moreUrgent(
  chart: ChartDefinition,
  a: ResponseDefinition,
  b: ResponseDefinition,
): ResponseDefinition {
  return chart.responses.indexOf(a) <= chart.responses.indexOf(b) ? a : b;
}

/**
 * Scores one observation set against a chart. The set must already have passed `parseObservationSet`.
 * Missing readings are listed, never scored as normal; a worry or concern escalates whatever the total.
 */
export function scoreObservationSet(chart: ChartDefinition, set: ObservationSet): ScoreOutcome {
  const parameters: ParameterScore[] = [];
  const missing: FieldId[] = [];
  for (const parameter of chart.parameters) {
    const value = set[parameter.id];
    if (value === undefined) missing.push(parameter.id);
    else parameters.push(scoreParameter(parameter, value, set));
  }
  const concern = set.concern === true;
  if (parameters.length === 0 && !concern) {
    return {
      ok: false,
      error: `set: no reading for any parameter of chart ${chart.id} and no concern recorded`,
    };
  }

  const total = parameters.reduce((sum, entry) => sum + entry.score, 0);
  const highest = parameters.length === 0 ? null : Math.max(...parameters.map((entry) => entry.score));
  const rule = chart.rules.find((candidate) => ruleHolds(candidate, total, highest ?? 0));
  if (!rule) throw new RangeError(`${chart.id}: no risk rule matched (chart invariant broken)`);
  const level = chart.riskLevels.find((candidate) => candidate.id === rule.clinicalRisk);
  if (!level) throw new RangeError(`${chart.id}: risk level ${rule.clinicalRisk} is not defined`);

  const scoreResponse = responseFor(chart, rule.response);
  const response = concern
    ? moreUrgent(chart, scoreResponse, responseFor(chart, chart.concern.response))
    : scoreResponse;

  return {
    ok: true,
    result: {
      chart: { id: chart.id, version: chart.version, verification: chart.verification },
      total,
      complete: missing.length === 0,
      missing,
      parameters,
      highestParameterScore: highest,
      concern,
      clinicalRisk: rule.clinicalRisk,
      escalate: level.escalate || concern,
      response: {
        level: response.level,
        who: response.who,
        reviewWithinMinutes: response.reviewWithinMinutes,
        observationIntervalMinutes: response.observationIntervalMinutes,
      },
    },
  };
}
