import type {
  ChartDefinition,
  ChoiceParameter,
  FieldId,
  NumericParameter,
  NumericVariant,
  ParameterDefinition,
} from '../scoring';
import { OBSERVATION_FIELDS } from '../scoring';
import { findBand, roundToPrecision } from '../scoring/evaluate';
import type { ChartDefinitionView, ParameterView } from '../contracts/patient-chart.view';

type ReadingValue = string | number | boolean;

/** The latest reading of a parameter, its stored score, and the selector readings of its set (spo2Scale…). */
export interface LatestReading {
  readonly value: ReadingValue;
  readonly score: number;
  readonly selectors: Readonly<Partial<Record<FieldId, ReadingValue>>>;
}

/** "Air" / "Oxygen" reads better than "false" / "true" on a chart. */
export function valueLabel(field: string, value: ReadingValue): string {
  if (field === 'onSupplementalOxygen') return value === true ? 'Oxygen' : 'Air';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return String(value);
  const words = value.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function fieldLabel(field: FieldId): string {
  return OBSERVATION_FIELDS[field].label;
}

function scoreColour(chart: ChartDefinition, score: number): string {
  const colour = chart.scoreColours[score];
  if (colour === undefined) throw new RangeError(`${chart.id}: no display colour for score ${score}`);
  return colour;
}

/**
 * The band table a reading was scored against: among the tables its recorded selectors allow, the first that gives
 * its stored score. With no reading (or none matching), the first table.
 */
export function variantFor(parameter: NumericParameter, latest?: LatestReading): NumericVariant {
  const [first] = parameter.variants;
  if (!first) throw new RangeError(`${parameter.id}: no band table`);
  if (!latest || typeof latest.value !== 'number') return first;
  const value = roundToPrecision(latest.value, parameter.precision);
  return (
    parameter.variants.find(
      (variant) =>
        Object.entries(variant.when).every(([field, expected]) => {
          const recorded = latest.selectors[field as FieldId];
          return recorded === undefined || recorded === expected;
        }) && findBand(variant.bands, value)?.score === latest.score,
    ) ?? first
  );
}

function numericView(
  chart: ChartDefinition,
  parameter: NumericParameter,
  latest?: LatestReading,
): ParameterView {
  const field = OBSERVATION_FIELDS[parameter.id];
  const variant = variantFor(parameter, latest);
  const conditions = Object.entries(variant.when) as [FieldId, ReadingValue][];
  return {
    kind: 'number',
    id: parameter.id,
    label: field.label,
    unit: field.kind === 'number' ? field.unit : '',
    precision: parameter.precision,
    verification: parameter.verification,
    bands: variant.bands.map((band) => ({ ...band, colour: scoreColour(chart, band.score) })),
    bandsNote:
      parameter.variants.length > 1 && conditions.length > 0
        ? conditions.map(([id, value]) => `${fieldLabel(id)}: ${valueLabel(id, value)}`).join(', ')
        : null,
  };
}

function choiceView(chart: ChartDefinition, parameter: ChoiceParameter): ParameterView {
  return {
    kind: 'choice',
    id: parameter.id,
    label: fieldLabel(parameter.id),
    verification: parameter.verification,
    choices: parameter.bands.flatMap((band) =>
      band.values.map((value) => ({
        value,
        label: valueLabel(parameter.id, value),
        score: band.score,
        colour: scoreColour(chart, band.score),
      })),
    ),
  };
}

function parameterView(
  chart: ChartDefinition,
  parameter: ParameterDefinition,
  latest?: LatestReading,
): ParameterView {
  return parameter.kind === 'number' ? numericView(chart, parameter, latest) : choiceView(chart, parameter);
}

/** A chart definition as the patient chart draws it: bands and colours straight from src/scoring. */
export function chartDefinitionView(
  chart: ChartDefinition,
  latest: ReadonlyMap<string, LatestReading> = new Map(),
): ChartDefinitionView {
  return {
    id: chart.id,
    version: chart.version,
    title: chart.title,
    verification: chart.verification,
    verificationNote: chart.verificationNote ?? null,
    parameters: chart.parameters.map((parameter) =>
      parameterView(chart, parameter, latest.get(parameter.id)),
    ),
    riskLevels: chart.riskLevels.map(({ id, label, colour, escalate }) => ({ id, label, colour, escalate })),
    scoreColours: Object.entries(chart.scoreColours)
      .map(([score, colour]) => ({ score: Number(score), colour }))
      .sort((a, b) => a.score - b.score),
  };
}
