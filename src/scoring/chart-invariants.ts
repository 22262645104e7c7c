import type { ChartDefinition, NumericParameter, ChoiceParameter, Source, VariantCondition } from './chart';
import { CLINICAL_RISKS } from './chart';
import { roundToPrecision } from './evaluate';
import type { FieldId } from './observation-set';
import { OBSERVATION_FIELDS } from './observation-set';

/**
 * Every problem that would make a chart unsafe to score with: a gap or overlap between bands, a possible value
 * no band covers, a risk level without a response, a value without a source. An empty list means the chart is
 * well formed (which says nothing about whether it is clinically right: that is what verification is for).
 */
export function chartProblems(chart: ChartDefinition): string[] {
  const problems: string[] = [];
  const at = (where: string, problem: string) => problems.push(`${chart.id} ${where}: ${problem}`);

  if (!chart.id || !chart.version || !chart.file) at('chart', 'id, version and file are required');
  checkSource(chart.source, 'chart', at);
  if (chart.verification === 'unverified' && !chart.verificationNote) {
    at('chart', 'an unverified chart must say what is unverified and what replaces it (verificationNote)');
  }

  const seen = new Set<FieldId>();
  for (const parameter of chart.parameters) {
    const where = `parameter ${parameter.id}`;
    if (seen.has(parameter.id)) at(where, 'defined twice');
    seen.add(parameter.id);
    checkSource(parameter.source, where, at);
    if (parameter.kind === 'number') checkNumeric(parameter, where, at);
    else checkChoice(parameter, where, at);
  }
  if (chart.parameters.length === 0) at('chart', 'has no parameters');

  checkRisk(chart, at);
  return problems;
}

type Report = (where: string, problem: string) => void;

function checkSource(source: Source, where: string, at: Report): void {
  if (!source.title.trim()) at(where, 'cites no source');
}

function checkNumeric(parameter: NumericParameter, where: string, at: Report): void {
  const field = OBSERVATION_FIELDS[parameter.id];
  if (field.kind !== 'number') {
    at(where, 'is not a numeric reading');
    return;
  }
  if (!Number.isInteger(parameter.precision) || parameter.precision < 0)
    at(where, 'precision must be a whole number ≥ 0');
  const step = 10 ** -parameter.precision;
  const onGrid = (value: number) => roundToPrecision(value, parameter.precision) === value;
  const { min, max } = field.possible;

  checkVariantCoverage(
    parameter.variants.map((variant) => variant.when),
    where,
    at,
  );
  parameter.variants.forEach((variant, index) => {
    const label = parameter.variants.length > 1 ? `${where} variant ${index + 1}` : where;
    const { bands } = variant;
    if (bands.length === 0) {
      at(label, 'has no bands');
      return;
    }
    const first = bands[0];
    const last = bands[bands.length - 1];
    if (first && first.from !== min)
      at(label, `first band starts at ${first.from}, not at the lowest possible ${min}`);
    if (last && last.to !== max)
      at(label, `last band ends at ${last.to}, not at the highest possible ${max}`);
    bands.forEach((band, i) => {
      if (!onGrid(band.from) || !onGrid(band.to))
        at(label, `band ${band.from}–${band.to} is not at precision ${parameter.precision}`);
      if (band.from > band.to) at(label, `band ${band.from}–${band.to} is empty`);
      if (!Number.isInteger(band.score) || band.score < 0)
        at(label, `band ${band.from}–${band.to} has score ${band.score}`);
      const next = bands[i + 1];
      if (next) {
        const expected = roundToPrecision(band.to + step, parameter.precision);
        if (next.from > expected) at(label, `gap between ${band.to} and ${next.from}`);
        if (next.from < expected)
          at(label, `bands ${band.from}–${band.to} and ${next.from}–${next.to} overlap`);
      }
    });
  });
}

/** Every combination of selector readings must pick exactly one band table. */
function checkVariantCoverage(conditions: readonly VariantCondition[], where: string, at: Report): void {
  const selectors = [...new Set(conditions.flatMap((condition) => Object.keys(condition) as FieldId[]))];
  let combinations: VariantCondition[] = [{}];
  for (const selector of selectors) {
    const field = OBSERVATION_FIELDS[selector];
    if (field.kind !== 'choice') {
      at(where, `selector ${selector} is not a choice reading`);
      return;
    }
    combinations = combinations.flatMap((partial) =>
      field.values.map((value) => ({ ...partial, [selector]: value })),
    );
  }
  for (const combination of combinations) {
    const matching = conditions.filter((condition) =>
      Object.entries(condition).every(([field, value]) => combination[field as FieldId] === value),
    );
    if (matching.length !== 1) {
      at(where, `${JSON.stringify(combination)} matches ${matching.length} band tables, not exactly one`);
    }
  }
}

function checkChoice(parameter: ChoiceParameter, where: string, at: Report): void {
  const field = OBSERVATION_FIELDS[parameter.id];
  if (field.kind !== 'choice') {
    at(where, 'is not a choice reading');
    return;
  }
  for (const value of field.values) {
    const count = parameter.bands.filter((band) => band.values.includes(value)).length;
    if (count !== 1) at(where, `value ${JSON.stringify(value)} is in ${count} bands, not exactly one`);
  }
  for (const band of parameter.bands) {
    for (const value of band.values) {
      if (!field.values.includes(value))
        at(where, `band lists ${JSON.stringify(value)}, which is not a possible value`);
    }
    if (!Number.isInteger(band.score) || band.score < 0)
      at(where, `band ${JSON.stringify(band.values)} has score ${band.score}`);
  }
}

function checkRisk(chart: ChartDefinition, at: Report): void {
  const levels = new Set(chart.riskLevels.map((level) => level.id));
  const responses = new Set(chart.responses.map((response) => response.level));
  for (const level of chart.riskLevels) {
    if (!CLINICAL_RISKS.includes(level.id)) at('risk levels', `${level.id} is not a clinical risk level`);
    if (!chart.rules.some((rule) => rule.clinicalRisk === level.id))
      at('risk levels', `${level.id} has no rule giving it a response`);
  }
  chart.rules.forEach((rule, index) => {
    const where = `rule ${index + 1}`;
    if (!levels.has(rule.clinicalRisk)) at(where, `risk level ${rule.clinicalRisk} is not defined`);
    if (!responses.has(rule.response)) at(where, `response ${rule.response} is not defined`);
    checkSource(rule.source, where, at);
  });
  const last = chart.rules[chart.rules.length - 1];
  if (!last || Object.keys(last.when).length > 0)
    at('rules', 'the last rule must have no condition so every set gets a response');
  for (const response of chart.responses) {
    const where = `response ${response.level}`;
    if (!response.who.trim()) at(where, 'says nobody responds');
    for (const minutes of [response.reviewWithinMinutes, response.observationIntervalMinutes]) {
      if (minutes !== null && (!Number.isInteger(minutes) || minutes <= 0))
        at(where, `${minutes} is not a whole number of minutes`);
    }
    if (response.observationIntervalMinutes === null && !response.continuousMonitoring) {
      at(where, 'has no observation interval and is not continuous monitoring');
    }
    checkSource(response.source, where, at);
  }
  if (new Set(chart.responses.map((response) => response.level)).size !== chart.responses.length) {
    at('responses', 'a response level is defined twice');
  }
  if (!responses.has(chart.concern.response))
    at('concern', `response ${chart.concern.response} is not defined`);
  const ordered = chart.riskLevels.map((level) => level.id);
  const sorted = [...ordered].sort((a, b) => CLINICAL_RISKS.indexOf(a) - CLINICAL_RISKS.indexOf(b));
  if (ordered.join() !== sorted.join())
    at('risk levels', 'must be listed from the lowest to the highest risk');
  if (chart.riskLevels.some((level, i) => i > 0 && chart.riskLevels[i - 1]?.escalate && !level.escalate)) {
    at('risk levels', 'a higher risk level must escalate whenever a lower one does');
  }
}
