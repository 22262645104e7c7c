import type { ChartDefinition, NumericParameter, ParameterDefinition } from './chart';
import { chartProblems } from './chart-invariants';
import { CHARTS } from '../../test/support/charts';
import { OBSERVATION_FIELDS, parseObservationSet } from './observation-set';

const charts = Object.values(CHARTS);

function withParameter(
  chart: ChartDefinition,
  index: number,
  parameter: ParameterDefinition,
): ChartDefinition {
  return { ...chart, parameters: chart.parameters.map((p, i) => (i === index ? parameter : p)) };
}

/** One mutated chart per band: the same chart with exactly that band deleted. */
function everyChartMissingOneBand(chart: ChartDefinition): { label: string; chart: ChartDefinition }[] {
  return chart.parameters.flatMap((parameter, index) => {
    if (parameter.kind === 'choice') {
      return parameter.bands.map((_, b) => ({
        label: `${parameter.id} band ${b + 1}`,
        chart: withParameter(chart, index, {
          ...parameter,
          bands: parameter.bands.filter((__, i) => i !== b),
        }),
      }));
    }
    return parameter.variants.flatMap((variant, v) =>
      variant.bands.map((band, b) => ({
        label: `${parameter.id} variant ${v + 1} band ${band.from}–${band.to}`,
        chart: withParameter(chart, index, {
          ...parameter,
          variants: parameter.variants.map((candidate, i) =>
            i === v ? { ...candidate, bands: candidate.bands.filter((__, j) => j !== b) } : candidate,
          ),
        } satisfies NumericParameter),
      })),
    );
  });
}

describe.each(charts.map((chart) => [chart.id, chart] as const))('chart %s', (_id, chart) => {
  it('has no gap, overlap, uncovered value, missing response or uncited value', () => {
    expect(chartProblems(chart)).toEqual([]);
  });

  it.each(everyChartMissingOneBand(chart).map(({ label, chart: mutated }) => [label, mutated] as const))(
    'fails an invariant when %s is deleted',
    (_label, mutated) => {
      expect(chartProblems(mutated).length).toBeGreaterThan(0);
    },
  );

  it('cites a source for every parameter, rule and response', () => {
    for (const item of [...chart.parameters, ...chart.rules, ...chart.responses]) {
      expect(item.source.title.trim()).not.toBe('');
    }
  });

  it('never calls a placeholder verified: an unverified chart has at least one unverified parameter', () => {
    if (chart.verification === 'unverified') {
      expect(chart.parameters.some((parameter) => parameter.verification === 'unverified')).toBe(true);
      expect(chart.verificationNote).toMatch(new RegExp(chart.file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
    } else {
      expect(chart.parameters.every((parameter) => parameter.verification === 'verified')).toBe(true);
    }
  });

  it('rejects (does not score) values just outside the possible range of every numeric parameter', () => {
    for (const parameter of chart.parameters) {
      const field = OBSERVATION_FIELDS[parameter.id];
      if (field.kind !== 'number' || parameter.kind !== 'number') continue;
      const step = 10 ** -parameter.precision;
      for (const value of [field.possible.min - step, field.possible.max + step]) {
        const parsed = parseObservationSet({ [parameter.id]: value });
        expect(parsed).toEqual({
          ok: false,
          error: expect.stringMatching(new RegExp(`^${parameter.id}: .*outside`)),
        });
      }
    }
  });
});

describe('chart invariant checker', () => {
  const news2 = CHARTS.news2;
  const rr = news2.parameters[0] as NumericParameter;

  it('reports an overlap between two bands', () => {
    const overlapping = withParameter(news2, 0, {
      ...rr,
      variants: [
        { when: {}, bands: [{ from: 0, to: 12, score: 3 }, ...(rr.variants[0]?.bands.slice(1) ?? [])] },
      ],
    });
    expect(chartProblems(overlapping)).toEqual([expect.stringContaining('overlap')]);
  });

  it('reports a band edge that is not at the chart precision', () => {
    const fractional = withParameter(news2, 0, {
      ...rr,
      variants: [
        { when: {}, bands: [{ from: 0, to: 8.5, score: 3 }, ...(rr.variants[0]?.bands.slice(1) ?? [])] },
      ],
    });
    expect(chartProblems(fractional).join('\n')).toContain('precision');
  });

  it('reports a risk level without a rule and a response that does not exist', () => {
    const broken: ChartDefinition = {
      ...news2,
      rules: news2.rules.map((rule) =>
        rule.clinicalRisk === 'high' ? { ...rule, clinicalRisk: 'medium', response: 'nobody' } : rule,
      ),
    };
    const problems = chartProblems(broken).join('\n');
    expect(problems).toContain('high has no rule');
    expect(problems).toContain('response nobody is not defined');
  });

  it('reports a selector combination that no band table covers', () => {
    const spo2 = news2.parameters[1] as NumericParameter;
    const noScale2OnOxygen = withParameter(news2, 1, { ...spo2, variants: spo2.variants.slice(0, 2) });
    expect(chartProblems(noScale2OnOxygen).join('\n')).toContain('matches 0 band tables');
  });
});
