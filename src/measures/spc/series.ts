// Validation of an SPC request: the series and the options, each error naming its field ("<field>: <reason>").
import type { SpcChartKind, SpcOptions, SpcPointInput } from './spc-chart';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const SPC_CHART_KINDS: readonly SpcChartKind[] = ['xmr', 'p'];

const FIELDS: Record<SpcChartKind, readonly string[]> = {
  xmr: ['period', 'value'],
  p: ['period', 'numerator', 'denominator'],
};

/** The fewest points a chart can have limits for: an XmR chart needs one moving range, so two points. */
export const MINIMUM_POINTS: Record<SpcChartKind, number> = { xmr: 2, p: 1 };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isWholeNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value);

export function parseChartKind(value: unknown): Parsed<SpcChartKind> {
  return value === 'xmr' || value === 'p' ? { ok: true, value } : fail('chart: must be xmr or p');
}

export function parseSeries(chart: SpcChartKind, input: unknown): Parsed<SpcPointInput[]> {
  if (!Array.isArray(input)) return fail('series: must be a JSON array of points');
  const minimum = MINIMUM_POINTS[chart];
  if (input.length < minimum)
    return fail(`series: a ${chart === 'p' ? 'p-chart' : 'XmR chart'} needs at least ${minimum} point(s)`);
  const points: SpcPointInput[] = [];
  const seen = new Map<string, number>();
  for (const [index, item] of input.entries()) {
    const at = `series[${index}]`;
    if (!isRecord(item)) return fail(`${at}: must be an object`);
    const unknown = Object.keys(item).find((key) => !FIELDS[chart].includes(key));
    if (unknown !== undefined) return fail(`${at}.${unknown}: not a field of a ${chart} point`);
    const { period } = item;
    if (typeof period !== 'string' || period.trim() === '')
      return fail(`${at}.period: must be a non-empty string`);
    const earlier = seen.get(period);
    if (earlier !== undefined) return fail(`${at}.period: repeats series[${earlier}].period "${period}"`);
    seen.set(period, index);
    if (chart === 'xmr') {
      const { value } = item;
      if (typeof value !== 'number' || !Number.isFinite(value))
        return fail(`${at}.value: must be a finite number`);
      points.push({ period, value });
    } else {
      const { numerator, denominator } = item;
      if (!isWholeNumber(numerator) || numerator < 0)
        return fail(`${at}.numerator: must be a whole number ≥ 0`);
      if (!isWholeNumber(denominator) || denominator < 1)
        return fail(`${at}.denominator: must be a whole number ≥ 1`);
      if (numerator > denominator)
        return fail(`${at}.numerator: must not exceed the denominator (${denominator})`);
      points.push({ period, numerator, denominator });
    }
  }
  return { ok: true, value: points };
}

export interface RawSpcOptions {
  readonly improvement?: string | undefined;
  readonly target?: string | number | undefined;
  readonly baseline?: string | number | undefined;
  /** Periods at which a change was made (a go-live): the mean and limits are recalculated from each. */
  readonly rebase?: readonly string[] | undefined;
}

const toNumber = (value: string | number): number =>
  typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);

export function parseOptions(
  chart: SpcChartKind,
  series: readonly SpcPointInput[],
  raw: RawSpcOptions,
): Parsed<SpcOptions> {
  let improvement: SpcOptions['improvement'] = null;
  if (raw.improvement !== undefined) {
    if (raw.improvement !== 'up' && raw.improvement !== 'down')
      return fail('improvement: must be up or down');
    improvement = raw.improvement;
  }

  let target: number | null = null;
  if (raw.target !== undefined) {
    target = toNumber(raw.target);
    if (!Number.isFinite(target)) return fail('target: must be a number');
    if (chart === 'p' && (target < 0 || target > 1))
      return fail('target: must be a proportion from 0 to 1 on a p-chart');
    if (improvement === null)
      return fail(
        'improvement: required with a target (whether the target passes depends on which way is better)',
      );
  }

  const rebaseAt: string[] = [];
  for (const period of raw.rebase ?? []) {
    const index = series.findIndex((point) => point.period === period);
    if (index < 0) return fail(`rebase: "${period}" is not a period of the series`);
    if (index === 0)
      return fail(`rebase: "${period}" is the first period; a change must come after at least one`);
    if (rebaseAt.includes(period)) return fail(`rebase: "${period}" is given twice`);
    rebaseAt.push(period);
  }
  const starts = [0, ...rebaseAt.map((period) => series.findIndex((point) => point.period === period))].sort(
    (a, b) => a - b,
  );
  const shortest = Math.min(...starts.map((start, i) => (starts[i + 1] ?? series.length) - start));
  const minimum = MINIMUM_POINTS[chart];
  if (shortest < minimum) return fail(`rebase: every part of the series needs at least ${minimum} point(s)`);

  let baseline: number | null = null;
  if (raw.baseline !== undefined) {
    baseline = toNumber(raw.baseline);
    if (!Number.isSafeInteger(baseline) || baseline < minimum || baseline > series.length)
      return fail(`baseline: must be a whole number of points from ${minimum} to ${series.length}`);
  }

  return { ok: true, value: { improvement, target, baseline, rebaseAt } };
}
