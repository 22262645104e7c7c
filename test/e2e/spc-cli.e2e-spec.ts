import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs the contract command exactly as documented: npm run --silent spc -- --chart xmr|p [options] < series.json. */
function spc(args: string[], stdin: string): { code: number | null; output: Record<string, unknown> } {
  const result = spawnSync('npm', ['run', '--silent', 'spc', '--', ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: 'utf8',
  });
  return { code: result.status, output: JSON.parse(result.stdout) as Record<string, unknown> };
}

const months = (values: number[]) =>
  JSON.stringify(values.map((value, i) => ({ period: `2026-${String(i + 1).padStart(2, '0')}`, value })));

describe('npm run --silent spc (the contract)', () => {
  it('draws an XmR chart: mean, limits (mean ± 2.66 × mean moving range), signals and the icons of the latest point', () => {
    // 12 10 12 10 12 10 as the baseline: mean 11, moving range 2 → limits 16.32 and 5.68. Then 17: above the limit.
    const { code, output } = spc(
      ['--chart', 'xmr', '--improvement', 'down', '--target', '4', '--baseline', '6'],
      months([12, 10, 12, 10, 12, 10, 17]),
    );
    expect(code).toBe(0);
    expect(output).toMatchObject({
      chart: 'xmr',
      mean: 11,
      variation: 'special-cause-concerning',
      assurance: 'fail',
    });
    const points = output.points as Record<string, unknown>[];
    expect(points).toHaveLength(7);
    expect(points[0]).toEqual({
      period: '2026-01',
      value: 12,
      mean: 11,
      upperLimit: 16.32,
      lowerLimit: 5.68,
      signals: [],
    });
    expect(points[6]).toMatchObject({ period: '2026-07', value: 17, signals: ['outside-limits'] });
  });

  it('draws a p-chart whose limits follow each denominator and stay within [0, 1]', () => {
    // p̄ = 41 / 200 = 0.205; at n = 25 the lower limit 0.205 − 3 × √(0.162975 / 25) = −0.037 is clamped to 0.
    const series = [
      { period: '2026-01', numerator: 7, denominator: 40 },
      { period: '2026-02', numerator: 9, denominator: 50 },
      { period: '2026-03', numerator: 5, denominator: 25 },
    ];
    const { code, output } = spc(['--chart', 'p', '--improvement', 'up'], JSON.stringify(series));
    expect(code).toBe(0);
    expect(output.mean).toBeCloseTo(21 / 115, 6);
    const points = output.points as { upperLimit: number; lowerLimit: number; value: number }[];
    expect(points[2]?.value).toBe(0.2);
    expect(points[2]?.lowerLimit).toBe(0);
    expect(points[0]?.upperLimit).not.toBe(points[1]?.upperLimit);
    expect(output.assurance).toBeNull();
    expect(output.variation).toBe('common-cause');
  });

  it('answers an invalid series with { error: "<field>: <reason>" } and exit 2', () => {
    const bad = spc(['--chart', 'p'], JSON.stringify([{ period: '2026-01', numerator: 3, denominator: 0 }]));
    expect(bad.code).toBe(2);
    expect(bad.output).toEqual({ error: expect.stringMatching(/^series\[0\]\.denominator: /) });

    const notJson = spc(['--chart', 'xmr'], '[{"period": ');
    expect(notJson.code).toBe(2);
    expect(notJson.output).toEqual({ error: expect.stringMatching(/^series: /) });

    const badChart = spc(['--chart', 'u'], months([1, 2, 3]));
    expect(badChart.code).toBe(2);
    expect(badChart.output).toEqual({ error: expect.stringMatching(/^chart: /) });
  });
});
