import type {
  MeasureDefinition,
  MeasurePointView,
  MeasureSeriesView,
} from '../../../src/contracts/measures.view';
import type { SpcChartOption } from './echarts';

/** Making Data Count's colours: blue improving, orange concerning, purple neither, grey common cause. */
export const SPC_COLOURS = {
  improving: '#3b82f6',
  concerning: '#f59e0b',
  neither: '#a855f7',
  common: '#9ca3af',
} as const;

/** The colour of a point: special cause by its side of the mean and which way is better. */
export function pointColour(point: MeasurePointView, improvement: MeasureDefinition['improvement']): string {
  if (point.signals.length === 0 || point.value === null || point.mean === null) return SPC_COLOURS.common;
  if (improvement === null) return SPC_COLOURS.neither;
  const high = point.value >= point.mean;
  return high === (improvement === 'up') ? SPC_COLOURS.improving : SPC_COLOURS.concerning;
}

const scaled = (value: number | null, unit: MeasureDefinition['unit']): number | null =>
  value === null ? null : unit === 'proportion' ? Math.round(1000 * value) / 10 : Math.round(10 * value) / 10;

/** The SPC chart: the measure, its mean and process limits, each special-cause point coloured. */
export function spcChartOption(definition: MeasureDefinition, series: MeasureSeriesView): SpcChartOption {
  const periods = series.points.map((point) => point.period);
  const line = (name: string, values: (number | null)[], colour: string, dashed: boolean) => ({
    type: 'line' as const,
    name,
    data: values.map((value) => scaled(value, definition.unit)),
    step: 'middle' as const,
    symbol: 'none',
    lineStyle: { color: colour, width: 1.5, type: dashed ? ('dashed' as const) : ('solid' as const) },
    silent: true,
  });
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: periods, axisLabel: { color: '#cbd5e1' } },
    yAxis: {
      type: 'value',
      scale: true,
      axisLabel: { color: '#cbd5e1', formatter: definition.unit === 'proportion' ? '{value}%' : '{value}' },
      splitLine: { lineStyle: { color: '#334155' } },
      ...(definition.unit === 'proportion' ? { min: 0, max: 100 } : {}),
    },
    series: [
      line(
        'Upper process limit',
        series.points.map((p) => p.upperLimit),
        '#94a3b8',
        true,
      ),
      line(
        'Mean',
        series.points.map((p) => p.mean),
        '#e2e8f0',
        false,
      ),
      line(
        'Lower process limit',
        series.points.map((p) => p.lowerLimit),
        '#94a3b8',
        true,
      ),
      {
        type: 'line',
        name: definition.title,
        data: series.points.map((point) => ({
          value: scaled(point.value, definition.unit),
          itemStyle: { color: pointColour(point, definition.improvement) },
        })),
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 9,
        lineStyle: { color: '#64748b', width: 1.5 },
      },
    ],
  };
}
