import { chartDefinitionView, variantFor } from '../../../src/reports/patient-chart.definitions';
import type { ChartedSet, NumericParameterView } from '../../../src/contracts/patient-chart.view';
import type { NumericParameter } from '../../../src/scoring';
import { CHARTS } from '../../support/charts';
import {
  bandEdges,
  markerLabels,
  markerText,
  numericPanel,
  valueRange,
  windowOf,
} from '../../../web/src/patient/chart-options';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-22T12:00:00Z');
const mews = chartDefinitionView(CHARTS.mews);
const heartRate = mews.parameters.find((parameter) => parameter.id === 'heartRate') as NumericParameterView;

const set = (hoursAgo: number, values: ChartedSet['values']): ChartedSet => ({
  id: `set-${hoursAgo}`,
  effectiveAt: new Date(NOW - hoursAgo * HOUR).toISOString(),
  chart: { id: 'mews', version: mews.version, verification: mews.verification },
  total: 0,
  clinicalRisk: 'low',
  complete: true,
  missing: [],
  concern: false,
  values,
});

describe('patient chart options (pure)', () => {
  it('joins inclusive bands halfway between their edges, so adjacent bands meet without a seam', () => {
    const edges = bandEdges(heartRate.bands);
    expect(edges.map(({ lower, upper }) => [lower, upper])).toEqual([
      [0, 49.5],
      [49.5, 62.5],
      [62.5, 115.5],
      [115.5, 129.5],
      [129.5, 300],
    ]);
  });

  it('frames the bands around normal and widens to every reading, never beyond the possible values', () => {
    const framed = valueRange(heartRate, [84]);
    expect(framed.min).toBeLessThan(49);
    expect(framed.max).toBeGreaterThan(130);
    expect(framed.max).toBeLessThan(300);
    expect(valueRange(heartRate, [250]).max).toBeGreaterThan(250);
    expect(valueRange(heartRate, [299.5]).max).toBe(300);
  });

  it('leaves a missing reading as a gap (null), never an interpolated value', () => {
    const sets = [
      set(3, { heartRate: { value: 84, score: 0 } }),
      set(2, {}),
      set(1, { heartRate: { value: 120, score: 1 } }),
    ];
    const option = numericPanel(mews, heartRate, sets, [], windowOf('stay', sets, [], NOW));
    const [series] = option.series as { data: { value: unknown[]; itemStyle?: { color: string } }[] }[];
    expect(series?.data.map((point) => point.value[1])).toEqual([84, null, 120]);
    expect(series?.data[2]?.itemStyle?.color).toBe(CHARTS.mews.scoreColours[1]);
  });

  it('zooms to the last 12 hours, 3 days, or the whole stay from its first set', () => {
    const sets = [set(100, {}), set(1, {})];
    expect(windowOf('12h', sets, [], NOW)).toEqual({ from: NOW - 12 * HOUR, to: NOW });
    expect(windowOf('3d', sets, [], NOW)).toEqual({ from: NOW - 72 * HOUR, to: NOW });
    const stay = windowOf('stay', sets, [], NOW);
    expect(stay.from).toBeLessThan(NOW - 100 * HOUR);
    expect(stay.to).toBeGreaterThanOrEqual(NOW);
  });

  it('draws the band table a reading was scored against (NEWS2 SpO2 scale 2 on oxygen)', () => {
    const spo2 = CHARTS.news2.parameters.find(
      (parameter) => parameter.id === 'oxygenSaturation',
    ) as NumericParameter;
    expect(variantFor(spo2, { value: 97, score: 0, selectors: {} }).when).toEqual({ spo2Scale: 1 });
    expect(
      variantFor(spo2, { value: 97, score: 3, selectors: { spo2Scale: 2, onSupplementalOxygen: true } }).when,
    ).toEqual({ spo2Scale: 2, onSupplementalOxygen: true });
  });
});

describe('alert markers on the total score', () => {
  const marker = (
    event: 'raised' | 'escalated' | 'acknowledged' | 'resolved',
    minute: number,
    step: number | null = null,
  ) => ({
    alertId: 'a-1',
    kind: 'deterioration',
    event,
    at: new Date(Date.UTC(2026, 10, 22, 12, minute)).toISOString(),
    level: 'urgent-review',
    step,
    by: null,
  });

  it("never overlaps two labels: markers closer than a label's width share one", () => {
    const markers = [
      marker('acknowledged', 2),
      marker('raised', 0),
      marker('escalated', 1, 1),
      marker('resolved', 40),
    ];
    expect(markerLabels(markers, 5 * 60_000)).toEqual([
      null,
      'Raised · Escalated (step 2) · Acknowledged',
      null,
      'Resolved',
    ]);
    expect(markerLabels(markers, 30_000)).toEqual([
      'Acknowledged',
      'Raised',
      'Escalated (step 2)',
      'Resolved',
    ]);
  });

  it('numbers escalation steps from 1, as the screens do', () => {
    expect(markerText(marker('escalated', 0, 0))).toBe('Escalated (step 1)');
  });
});
