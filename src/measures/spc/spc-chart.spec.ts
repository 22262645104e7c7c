// The SPC rules of NHS England's "Making Data Count" (rules.ts), each on both sides of its boundary. Expected limits
// are worked out by hand in the comments, never taken from the code.
import { runSpc } from './run-spc';
import type { RawSpcOptions } from './series';
import type { SpcPoint, SpcResult } from './spc-chart';

const periods = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

function xmr(values: number[], options: RawSpcOptions = {}): SpcResult {
  const series = periods(values.length).map((period, i) => ({ period, value: values[i] }));
  const result = runSpc('xmr', series, options);
  if ('error' in result) throw new Error(result.error);
  return result;
}

function p(points: [number, number][], options: RawSpcOptions = {}): SpcResult {
  const series = periods(points.length).map((period, i) => ({
    period,
    numerator: points[i]?.[0],
    denominator: points[i]?.[1],
  }));
  const result = runSpc('p', series, options);
  if ('error' in result) throw new Error(result.error);
  return result;
}

const signalsOf = (result: SpcResult): string[][] => result.points.map((point: SpcPoint) => point.signals);
const flagged = (result: SpcResult, signal: string): number[] =>
  result.points.flatMap((point, index) => (point.signals.includes(signal as never) ? [index] : []));

/**
 * A fixed baseline used by most rule tests: 12, 10, 12, 10, 12, 10 with --baseline 6.
 * Mean = 66 / 6 = 11. Moving ranges 2, 2, 2, 2, 2 → mean moving range 2.
 * Limits 11 ± 2.66 × 2 = 11 ± 5.32 → 16.32 and 5.68. Near lines 11 ± (2/3) × 5.32 = 11 ± 3.546667 → 14.546667 / 7.453333.
 */
const BASELINE = [12, 10, 12, 10, 12, 10];
const onBaseline = (next: number[], options: RawSpcOptions = {}): SpcResult =>
  xmr([...BASELINE, ...next], { baseline: 6, ...options });

describe('XmR process limits (Making Data Count: mean ± 2.66 × mean moving range)', () => {
  it('matches the hand-worked example: ten months of counts', () => {
    // 10 14 12 16 13 15 11 13 12 14: sum 130 → mean 13.
    // Moving ranges 4 2 4 3 2 4 2 1 2: sum 24 over 9 → 2.666667; 2.66 × 2.666667 = 7.093333.
    // Upper 13 + 7.093333 = 20.093333; lower 13 − 7.093333 = 5.906667.
    const result = xmr([10, 14, 12, 16, 13, 15, 11, 13, 12, 14]);
    expect(result.mean).toBeCloseTo(13, 9);
    for (const point of result.points) {
      expect(point.upperLimit).toBeCloseTo(20.093333, 5);
      expect(point.lowerLimit).toBeCloseTo(5.906667, 5);
      expect(point.mean).toBe(13);
    }
    expect(signalsOf(result).flat()).toEqual([]);
    expect(result.variation).toBe('common-cause');
    expect(result.assurance).toBeNull();
  });

  it('takes the mean and limits from the first K points with --baseline K, and applies them to every point', () => {
    // First four: 10 14 12 16 → mean 13; moving ranges 4 2 4 → 10/3; 2.66 × 10/3 = 8.866667.
    const result = xmr([10, 14, 12, 16, 13, 15, 11, 13, 12, 14], { baseline: 4 });
    expect(result.mean).toBe(13);
    expect(result.points[9]?.upperLimit).toBeCloseTo(21.866667, 5);
    expect(result.points[9]?.lowerLimit).toBeCloseTo(4.133333, 5);
  });

  it('recalculates the mean and limits from a marked change (a go-live), each part on its own', () => {
    // Before: 10 12 10 12 → mean 11, moving range 2 → 11 ± 5.32. After: 20 22 20 22 → mean 21 → 21 ± 5.32.
    const result = xmr([10, 12, 10, 12, 20, 22, 20, 22], { rebase: ['2026-05'] });
    expect(result.points.map((point) => point.mean)).toEqual([11, 11, 11, 11, 21, 21, 21, 21]);
    expect(result.points[0]?.upperLimit).toBeCloseTo(16.32, 9);
    expect(result.points[4]?.upperLimit).toBeCloseTo(26.32, 9);
    expect(result.points[4]?.lowerLimit).toBeCloseTo(15.68, 9);
    expect(result.mean).toBe(21);
    expect(signalsOf(result).flat()).toEqual([]);
    // Without the change marked, the jump is special cause.
    expect(signalsOf(xmr([10, 12, 10, 12, 20, 22, 20, 22])).flat()).not.toEqual([]);
  });

  it('keeps the limits on the mean when every value is the same, and flags nothing', () => {
    const result = xmr([5, 5, 5, 5, 5, 5, 5, 5, 5]);
    expect(result.points[0]).toMatchObject({ mean: 5, upperLimit: 5, lowerLimit: 5, signals: [] });
    expect(result.variation).toBe('common-cause');
  });
});

describe('rule: a point outside the process limits', () => {
  it('does not flag a point exactly on the upper limit (16.32) but flags 16.33', () => {
    expect(onBaseline([16.32]).points[6]?.signals).toEqual([]);
    expect(onBaseline([16.33]).points[6]?.signals).toEqual(['outside-limits']);
  });

  it('does not flag a point exactly on the lower limit (5.68) but flags 5.67', () => {
    expect(onBaseline([5.68]).points[6]?.signals).toEqual([]);
    expect(onBaseline([5.67]).points[6]?.signals).toEqual(['outside-limits']);
  });
});

describe('rule: a shift of 7 or more points on one side of the mean', () => {
  it('does not flag 6 points above the mean, flags all of 7', () => {
    expect(flagged(onBaseline([11.5, 11.5, 11.5, 11.5, 11.5, 11.5]), 'shift')).toEqual([]);
    expect(flagged(onBaseline([11.5, 11.5, 11.5, 11.5, 11.5, 11.5, 11.5]), 'shift')).toEqual([
      6, 7, 8, 9, 10, 11, 12,
    ]);
  });

  it('treats a point on the mean as breaking the run', () => {
    expect(flagged(onBaseline([11.5, 11.5, 11.5, 11, 11.5, 11.5, 11.5, 11.5]), 'shift')).toEqual([]);
  });

  it('flags 7 points below the mean too (the baseline ends below it, so the run is 8 long)', () => {
    // Baseline ends with 10 (below 11): 10 + seven × 10.5 = 8 points below.
    expect(flagged(onBaseline([10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5]), 'shift')).toEqual([
      5, 6, 7, 8, 9, 10, 11, 12,
    ]);
  });
});

describe('rule: a trend of 7 or more points each higher (or lower) than the one before', () => {
  it('does not flag 6 rising points, flags all of 7 (starting at the last baseline point, 10)', () => {
    expect(flagged(onBaseline([10.5, 11, 11.5, 12, 12.5]), 'trend')).toEqual([]);
    expect(flagged(onBaseline([10.5, 11, 11.5, 12, 12.5, 13]), 'trend')).toEqual([5, 6, 7, 8, 9, 10, 11]);
  });

  it('treats an equal value as breaking the trend', () => {
    expect(flagged(onBaseline([10.5, 11, 11, 11.5, 12, 12.5, 13]), 'trend')).toEqual([]);
  });

  it('flags a falling trend, including one that starts at the peak that ended a rising one', () => {
    // After the baseline's last 10: 11 … 16 makes 10 → 16 rising (7 points), then 16 → 10 falling (7 points).
    const result = xmr([...BASELINE.slice(0, 5), 10, 11, 12, 13, 14, 15, 16, 15, 14, 13, 12, 11, 10], {
      baseline: 6,
    });
    expect(flagged(result, 'trend')).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });
});

describe('rule: two of three points close to a limit (beyond two thirds of the way from the mean)', () => {
  // Near the upper limit: above 14.546667 and at most 16.32.
  it('flags the two close points of three on the same side, and not one close point', () => {
    expect(flagged(onBaseline([11.5, 14.55, 14.55]), 'two-of-three')).toEqual([7, 8]);
    expect(flagged(onBaseline([11.5, 14.55, 14.54]), 'two-of-three')).toEqual([]);
  });

  it('needs all three points on the same side of the mean', () => {
    expect(flagged(onBaseline([11.5, 14.55, 10.5, 14.55]), 'two-of-three')).toEqual([]);
  });

  it('does not flag two close points on opposite sides of the mean (the case NHSRplotthedots tests)', () => {
    // 1, −1 alternating × 7 pairs, then 5.5 and −5.5. Mean 0; moving ranges 13 × 2, then 6.5 and 11 → 43.5 / 15 = 2.9;
    // limits ± 7.714, near lines ± 5.143: both last points are close to a limit, one on each side.
    const values = [...Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? 1 : -1)), 5.5, -5.5];
    const result = xmr(values);
    expect(result.points[14]?.upperLimit).toBeCloseTo(7.714, 3);
    expect(signalsOf(result).flat()).toEqual([]);
  });

  it('does not count a point beyond the limit as close to it (that point is outside-limits instead)', () => {
    const result = onBaseline([11.5, 14.55, 16.33]);
    expect(flagged(result, 'two-of-three')).toEqual([]);
    expect(flagged(result, 'outside-limits')).toEqual([8]);
  });

  it('flags two points close to the lower limit (below 7.453333)', () => {
    expect(flagged(onBaseline([7.45, 10.5, 7.45]), 'two-of-three')).toEqual([6, 8]);
    expect(flagged(onBaseline([7.46, 10.5, 7.45]), 'two-of-three')).toEqual([]);
  });
});

describe('variation icon of the latest point', () => {
  it('is common cause when the latest point has no signal, even if an earlier one had', () => {
    expect(onBaseline([16.33, 11.5], { improvement: 'up' }).variation).toBe('common-cause');
  });

  it('is improving or concerning by the side of the mean and the direction of improvement', () => {
    expect(onBaseline([16.33], { improvement: 'up' }).variation).toBe('special-cause-improving');
    expect(onBaseline([16.33], { improvement: 'down' }).variation).toBe('special-cause-concerning');
    expect(onBaseline([5.67], { improvement: 'down' }).variation).toBe('special-cause-improving');
    expect(onBaseline([5.67], { improvement: 'up' }).variation).toBe('special-cause-concerning');
  });

  it('follows the direction of a trend (a falling trend is improving when lower is better)', () => {
    // Baseline 12 10 12 10 12 13.5: mean 69.5 / 6 = 11.583333; moving ranges 2 2 2 2 1.5 → 1.9; limits
    // 11.583333 ± 5.054 (near lines ± 3.369333). 13.5 → 10.5 falls 7 points in a row; nothing else fires.
    const result = xmr([...BASELINE.slice(0, 5), 13.5, 13, 12.5, 12, 11.5, 11, 10.5], {
      baseline: 6,
      improvement: 'down',
    });
    expect(result.points[11]?.signals).toEqual(['trend']);
    expect(result.variation).toBe('special-cause-improving');
  });

  it('says neither improving nor concerning, high or low, when no direction is given', () => {
    expect(onBaseline([16.33]).variation).toBe('special-cause-neither-high');
    expect(onBaseline([5.67]).variation).toBe('special-cause-neither-low');
  });
});

describe('assurance icon of the latest point', () => {
  it('passes when the target is beyond the limit on the bad side, fails beyond the good side, else hit and miss', () => {
    // Latest limits 5.68 to 16.32.
    expect(onBaseline([11.5], { improvement: 'up', target: 16.33 }).assurance).toBe('fail');
    expect(onBaseline([11.5], { improvement: 'up', target: 16.32 }).assurance).toBe('hit-and-miss');
    expect(onBaseline([11.5], { improvement: 'up', target: 5.68 }).assurance).toBe('hit-and-miss');
    expect(onBaseline([11.5], { improvement: 'up', target: 5.67 }).assurance).toBe('pass');
    expect(onBaseline([11.5], { improvement: 'down', target: 16.33 }).assurance).toBe('pass');
    expect(onBaseline([11.5], { improvement: 'down', target: 5.67 }).assurance).toBe('fail');
  });

  it('is null without a target', () => {
    expect(onBaseline([11.5], { improvement: 'up' }).assurance).toBeNull();
  });
});

describe('p-chart (limits from the denominator of each period, never outside [0, 1])', () => {
  it('matches the hand-worked example', () => {
    // Numerators 7 9 5 12 8, denominators 40 50 25 60 25: p̄ = 41 / 200 = 0.205; p̄(1 − p̄) = 0.162975.
    // n = 40: σ = √(0.162975 / 40) = 0.0638309; 3σ = 0.1914925 → 0.3964925 and 0.0135075.
    // n = 25: σ = √(0.162975 / 25) = 0.0807403; 3σ = 0.2422210 → 0.4472210 and −0.037221, clamped to 0.
    const result = p([
      [7, 40],
      [9, 50],
      [5, 25],
      [12, 60],
      [8, 25],
    ]);
    expect(result.mean).toBeCloseTo(0.205, 12);
    expect(result.points[0]).toMatchObject({
      period: '2026-01',
      numerator: 7,
      denominator: 40,
      value: 0.175,
    });
    expect(result.points[0]?.upperLimit).toBeCloseTo(0.3964925, 6);
    expect(result.points[0]?.lowerLimit).toBeCloseTo(0.0135075, 6);
    expect(result.points[2]?.upperLimit).toBeCloseTo(0.447221, 6);
    expect(result.points[2]?.lowerLimit).toBe(0);
    expect(signalsOf(result).flat()).toEqual([]);
  });

  it('clamps the upper limit to 1', () => {
    // 9/10 and 10/10: p̄ = 19/20 = 0.95; σ = √(0.95 × 0.05 / 10) = 0.0689202; 3σ = 0.2067605 → 1.157 → 1.
    const result = p([
      [9, 10],
      [10, 10],
    ]);
    expect(result.points[0]?.upperLimit).toBe(1);
    expect(result.points[0]?.lowerLimit).toBeCloseTo(0.7432395, 6);
  });

  it('flags a proportion above its own limit: the same 25/100 is outside at a large denominator only', () => {
    // Baseline 10/100 × 4: p̄ = 0.1; n = 100: 3σ = 3 × √(0.09 / 100) = 0.09 → upper 0.19; 25/100 = 0.25 outside.
    // n = 10: 3σ = 3 × √(0.09 / 10) = 0.284605 → upper 0.384605; 2.5/10 is not a count, so use 2/10 = 0.2: inside.
    const base: [number, number][] = [
      [10, 100],
      [10, 100],
      [10, 100],
      [10, 100],
    ];
    expect(p([...base, [25, 100]], { baseline: 4 }).points[4]?.signals).toEqual(['outside-limits']);
    const small = p([...base, [2, 10]], { baseline: 4 }).points[4];
    expect(small?.upperLimit).toBeCloseTo(0.384605, 6);
    expect(small?.signals).toEqual([]);
  });

  it('reads a target as a proportion', () => {
    expect(
      p(
        [
          [10, 100],
          [10, 100],
          [10, 100],
          [10, 100],
        ],
        { improvement: 'up', target: 0.95 },
      ).assurance,
    ).toBe('fail');
  });
});

describe('invalid input names the field', () => {
  const ok = [
    { period: '2026-01', value: 1 },
    { period: '2026-02', value: 2 },
  ];
  it.each([
    ['line', ok, {}, /^chart: /],
    ['xmr', { not: 'an array' }, {}, /^series: /],
    ['xmr', [{ period: '2026-01', value: 1 }], {}, /^series: .*at least 2/],
    ['p', [], {}, /^series: .*at least 1/],
    ['xmr', [{ period: '2026-01', value: '3' }, ok[1]], {}, /^series\[0\]\.value: /],
    ['xmr', [ok[0], { period: '', value: 3 }], {}, /^series\[1\]\.period: /],
    ['xmr', [ok[0], { period: '2026-01', value: 3 }], {}, /^series\[1\]\.period: repeats/],
    [
      'xmr',
      [ok[0], { period: '2026-02', value: 3, numerator: 2 }],
      {},
      /^series\[1\]\.numerator: not a field/,
    ],
    ['p', [{ period: '2026-01', numerator: 3, denominator: 0 }], {}, /^series\[0\]\.denominator: /],
    ['p', [{ period: '2026-01', numerator: 1.5, denominator: 4 }], {}, /^series\[0\]\.numerator: /],
    [
      'p',
      [{ period: '2026-01', numerator: 5, denominator: 4 }],
      {},
      /^series\[0\]\.numerator: must not exceed/,
    ],
    [
      'p',
      [{ period: '2026-01', numerator: 1, denominator: 4 }],
      { target: 2, improvement: 'up' },
      /^target: /,
    ],
    ['xmr', ok, { target: 'ten', improvement: 'up' }, /^target: /],
    ['xmr', ok, { target: 10 }, /^improvement: required/],
    ['xmr', ok, { improvement: 'sideways' }, /^improvement: /],
    ['xmr', ok, { baseline: 1 }, /^baseline: /],
    ['xmr', ok, { baseline: 3 }, /^baseline: /],
    ['xmr', ok, { baseline: '2.5' }, /^baseline: /],
    ['xmr', ok, { rebase: ['2026-07'] }, /^rebase: .*not a period/],
    ['xmr', ok, { rebase: ['2026-01'] }, /^rebase: .*first period/],
    ['xmr', ok, { rebase: ['2026-02'] }, /^rebase: every part/],
  ] as [string, unknown, RawSpcOptions, RegExp][])('%s %j %j → %s', (chart, series, options, error) => {
    expect(runSpc(chart, series, options)).toEqual({ error: expect.stringMatching(error) });
  });
});

describe('a long series', () => {
  it('computes 5,000 points with one special cause where it was put', () => {
    const values: number[] = Array.from({ length: 5000 }, (_, i) => (i % 2 === 0 ? 12 : 10));
    values[4321] = 17;
    const result = xmr(values, { baseline: 20 });
    expect(result.points).toHaveLength(5000);
    expect(flagged(result, 'outside-limits')).toEqual([4321]);
  });
});
