// The SPC engine: process limits, the special-cause rules and the summary icons of NHS England's "Making Data Count".
// The rules and their sources are in rules.ts.
import {
  NEAR_LIMIT_FRACTION,
  P_CHART_SIGMAS,
  SHIFT_RUN_LENGTH,
  TREND_RUN_LENGTH,
  XMR_LIMIT_FACTOR,
  type SpcAssurance,
  type SpcSignal,
  type SpcVariation,
} from './rules';

export type SpcChartKind = 'xmr' | 'p';
export type ImprovementDirection = 'up' | 'down';

export interface XmrPointInput {
  readonly period: string;
  readonly value: number;
}

export interface ProportionPointInput {
  readonly period: string;
  readonly numerator: number;
  readonly denominator: number;
}

export type SpcPointInput = XmrPointInput | ProportionPointInput;

export interface SpcOptions {
  readonly improvement: ImprovementDirection | null;
  readonly target: number | null;
  /** Compute the mean and limits from the first K points (of each part of a rebased series). */
  readonly baseline: number | null;
  /** Periods from which the mean and limits are recalculated (a go-live or other marked change). */
  readonly rebaseAt: readonly string[];
}

export interface SpcPoint {
  readonly period: string;
  /** The plotted value: the value itself (XmR) or numerator / denominator (p-chart). */
  readonly value: number;
  readonly numerator?: number;
  readonly denominator?: number;
  readonly mean: number;
  readonly upperLimit: number;
  readonly lowerLimit: number;
  readonly signals: SpcSignal[];
}

export interface SpcResult {
  readonly chart: SpcChartKind;
  /** The mean of the latest part of the series (the whole series unless rebased). */
  readonly mean: number;
  readonly improvement: ImprovementDirection | null;
  readonly target: number | null;
  readonly baseline: number | null;
  readonly rebaseAt: readonly string[];
  readonly points: SpcPoint[];
  /** The variation icon of the latest point. */
  readonly variation: SpcVariation;
  /** The assurance icon of the latest point (null without a target). */
  readonly assurance: SpcAssurance;
}

type Side = -1 | 0 | 1;

interface WorkingPoint {
  readonly period: string;
  readonly value: number;
  readonly numerator?: number;
  readonly denominator?: number;
  mean: number;
  upperLimit: number;
  lowerLimit: number;
  nearUpper: number;
  nearLower: number;
  readonly signals: Set<SpcSignal>;
}

// Sums of many doubles are not exact: a value "on" the mean or limit must not fall either side by rounding.
const TOLERANCE = 1e-9;
const above = (value: number, line: number): boolean =>
  value - line > TOLERANCE * Math.max(1, Math.abs(line));
const below = (value: number, line: number): boolean =>
  line - value > TOLERANCE * Math.max(1, Math.abs(line));
const sideOf = (value: number, mean: number): Side => (above(value, mean) ? 1 : below(value, mean) ? -1 : 0);

const isProportion = (point: SpcPointInput): point is ProportionPointInput => 'denominator' in point;

const average = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

/** XmR: mean ± 2.66 × mean moving range of the baseline points; near lines two thirds of the way out. */
function setXmrLimits(part: WorkingPoint[], baseline: number): void {
  const base = part.slice(0, baseline);
  const mean = average(base.map((p) => p.value));
  const movingRanges = base.slice(1).map((p, i) => Math.abs(p.value - (base[i] as WorkingPoint).value));
  const spread = XMR_LIMIT_FACTOR * average(movingRanges);
  for (const point of part) {
    point.mean = mean;
    point.upperLimit = mean + spread;
    point.lowerLimit = mean - spread;
    point.nearUpper = mean + NEAR_LIMIT_FRACTION * spread;
    point.nearLower = mean - NEAR_LIMIT_FRACTION * spread;
  }
}

/** p-chart: p̄ = Σ numerators / Σ denominators of the baseline; limits p̄ ± 3σᵢ per denominator, within [0, 1]. */
function setProportionLimits(part: WorkingPoint[], baseline: number): void {
  const base = part.slice(0, baseline);
  const mean =
    base.reduce((sum, p) => sum + (p.numerator ?? 0), 0) /
    base.reduce((sum, p) => sum + (p.denominator ?? 1), 0);
  for (const point of part) {
    const sigma = Math.sqrt((mean * (1 - mean)) / (point.denominator ?? 1));
    point.mean = mean;
    point.upperLimit = Math.min(1, mean + P_CHART_SIGMAS * sigma);
    point.lowerLimit = Math.max(0, mean - P_CHART_SIGMAS * sigma);
    point.nearUpper = mean + NEAR_LIMIT_FRACTION * P_CHART_SIGMAS * sigma;
    point.nearLower = mean - NEAR_LIMIT_FRACTION * P_CHART_SIGMAS * sigma;
  }
}

function isOutside(point: WorkingPoint): boolean {
  return above(point.value, point.upperLimit) || below(point.value, point.lowerLimit);
}

/** Flags every point of each maximal run (of indexes i..j) for which `sameRun(i - 1, i)` holds, when long enough. */
function flagRuns(
  part: WorkingPoint[],
  sameRun: (previous: number, current: number) => boolean,
  minimumPoints: number,
  signal: SpcSignal,
): void {
  let start = 0;
  for (let i = 1; i <= part.length; i += 1) {
    if (i < part.length && sameRun(i - 1, i)) continue;
    if (i - start >= minimumPoints) for (let k = start; k < i; k += 1) part[k]?.signals.add(signal);
    start = i;
  }
}

function applyRules(part: WorkingPoint[]): void {
  const sides = part.map((p) => sideOf(p.value, p.mean));
  const steps: Side[] = part.map((p, i) =>
    i === 0 ? 0 : sideOf(p.value, (part[i - 1] as WorkingPoint).value),
  );

  for (const point of part) if (isOutside(point)) point.signals.add('outside-limits');

  flagRuns(part, (prev, cur) => sides[cur] !== 0 && sides[cur] === sides[prev], SHIFT_RUN_LENGTH, 'shift');

  // A run of n rising (or falling) points is n - 1 steps the same way; the point before the first step starts it.
  // A peak or trough can end one trend and start the next.
  let firstStep = 1;
  for (let i = 1; i <= part.length; i += 1) {
    if (i < part.length && steps[i] !== 0 && steps[i] === steps[firstStep]) continue;
    if (steps[firstStep] !== 0 && i - firstStep + 1 >= TREND_RUN_LENGTH)
      for (let k = firstStep - 1; k < i; k += 1) part[k]?.signals.add('trend');
    firstStep = i;
  }

  const close = part.map((p, i) => {
    if (isOutside(p)) return 0;
    if (sides[i] === 1 && above(p.value, p.nearUpper)) return 1;
    if (sides[i] === -1 && below(p.value, p.nearLower)) return -1;
    return 0;
  });
  for (let i = 0; i + 2 < part.length; i += 1) {
    const window = [i, i + 1, i + 2];
    const side = sides[i];
    if (side === 0 || !window.every((k) => sides[k] === side)) continue;
    const nearOnes = window.filter((k) => close[k] === side);
    if (nearOnes.length >= 2) for (const k of nearOnes) part[k]?.signals.add('two-of-three');
  }
}

/** Which way the latest point's special cause points: above/below the mean, or the direction of its trend. */
function signalDirection(points: readonly WorkingPoint[]): Side {
  const last = points[points.length - 1] as WorkingPoint;
  const side = sideOf(last.value, last.mean);
  const byMean = ['outside-limits', 'shift', 'two-of-three'].some((s) => last.signals.has(s as SpcSignal));
  if (byMean && side !== 0) return side;
  const previous = points[points.length - 2];
  return previous ? sideOf(last.value, previous.value) : side;
}

function variationOf(
  points: readonly WorkingPoint[],
  improvement: ImprovementDirection | null,
): SpcVariation {
  const last = points[points.length - 1] as WorkingPoint;
  if (last.signals.size === 0) return 'common-cause';
  const direction = signalDirection(points);
  if (improvement === null)
    return direction === -1 ? 'special-cause-neither-low' : 'special-cause-neither-high';
  const good: Side = improvement === 'up' ? 1 : -1;
  return direction === good ? 'special-cause-improving' : 'special-cause-concerning';
}

function assuranceOf(
  last: WorkingPoint,
  improvement: ImprovementDirection | null,
  target: number | null,
): SpcAssurance {
  if (target === null || improvement === null) return null;
  if (above(target, last.upperLimit)) return improvement === 'up' ? 'fail' : 'pass';
  if (below(target, last.lowerLimit)) return improvement === 'up' ? 'pass' : 'fail';
  return 'hit-and-miss';
}

/** Computes an XmR or p-chart over an already validated series (see series.ts). */
export function computeSpc(
  chart: SpcChartKind,
  series: readonly SpcPointInput[],
  options: SpcOptions,
): SpcResult {
  const points: WorkingPoint[] = series.map((input) => ({
    period: input.period,
    value: isProportion(input) ? input.numerator / input.denominator : input.value,
    ...(isProportion(input) ? { numerator: input.numerator, denominator: input.denominator } : {}),
    mean: Number.NaN,
    upperLimit: Number.NaN,
    lowerLimit: Number.NaN,
    nearUpper: Number.NaN,
    nearLower: Number.NaN,
    signals: new Set<SpcSignal>(),
  }));

  const starts = [0, ...options.rebaseAt.map((period) => series.findIndex((p) => p.period === period))]
    .filter((start) => start >= 0)
    .sort((a, b) => a - b);
  for (const [index, start] of starts.entries()) {
    const part = points.slice(start, starts[index + 1] ?? points.length);
    const baseline = Math.min(options.baseline ?? part.length, part.length);
    if (chart === 'xmr') setXmrLimits(part, Math.max(baseline, 2));
    else setProportionLimits(part, baseline);
    applyRules(part);
  }

  const last = points[points.length - 1] as WorkingPoint;
  const signalOrder: SpcSignal[] = ['outside-limits', 'shift', 'trend', 'two-of-three'];
  return {
    chart,
    mean: last.mean,
    improvement: options.improvement,
    target: options.target,
    baseline: options.baseline,
    rebaseAt: options.rebaseAt,
    points: points.map((p) => ({
      period: p.period,
      value: p.value,
      ...(p.denominator === undefined ? {} : { numerator: p.numerator, denominator: p.denominator }),
      mean: p.mean,
      upperLimit: p.upperLimit,
      lowerLimit: p.lowerLimit,
      signals: signalOrder.filter((s) => p.signals.has(s)),
    })),
    variation: variationOf(points, options.improvement),
    assurance: assuranceOf(last, options.improvement, options.target),
  };
}
