import type { ChartDefinition } from '../chart';
import { mewsChart } from './mews.chart';
import { news2Chart } from './news2.chart';
import { newtt2Chart } from './newtt2.chart';

export const CHART_IDS = ['news2', 'mews', 'newtt2'] as const;
export type ChartId = (typeof CHART_IDS)[number];

export const CHARTS: { readonly [K in ChartId]: ChartDefinition } = {
  news2: news2Chart,
  mews: mewsChart,
  newtt2: newtt2Chart,
};

export function isChartId(value: string): value is ChartId {
  return (CHART_IDS as readonly string[]).includes(value);
}
