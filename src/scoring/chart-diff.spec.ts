import { CHARTS } from '../../test/support/charts';
import { chartDiff } from './chart-diff';
import type { ChartDefinition, NumericParameter } from './chart';

describe('chartDiff', () => {
  it('finds nothing between a chart and itself, and ignores the file it came from', () => {
    expect(chartDiff(CHARTS.news2, { ...CHARTS.news2, file: 'elsewhere.chart.json' })).toEqual([]);
  });

  it('names a moved band edge by parameter id, and a changed version', () => {
    const parameters = CHARTS.news2.parameters.map((parameter) => {
      if (parameter.id !== 'respiratoryRate') return parameter;
      const numeric = parameter as NumericParameter;
      const [variant] = numeric.variants;
      const bands = variant!.bands.map((band, index) =>
        index === 2 ? { ...band, to: 21 } : index === 3 ? { ...band, from: 22 } : band,
      );
      return { ...numeric, variants: [{ ...variant!, bands }] };
    });
    const next: ChartDefinition = { ...CHARTS.news2, version: 'RCP-2017.2', parameters };
    expect(chartDiff(CHARTS.news2, next)).toEqual([
      { path: 'version', from: 'RCP-2017.1', to: 'RCP-2017.2' },
      { path: 'parameters[respiratoryRate].variants[0].bands[2].to', from: 20, to: 21 },
      { path: 'parameters[respiratoryRate].variants[0].bands[3].from', from: 21, to: 22 },
    ]);
  });

  it('reports a response that was removed and one that was added', () => {
    const [first, ...rest] = CHARTS.news2.responses;
    const renamed = { ...first!, level: 'critical-care' };
    const changes = chartDiff(CHARTS.news2, { ...CHARTS.news2, responses: [renamed, ...rest] });
    expect(changes).toEqual([
      { path: 'responses[emergency]', from: first },
      { path: 'responses[critical-care]', to: renamed },
    ]);
  });
});
