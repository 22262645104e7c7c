import type {
  AlertMarker,
  ChartBandView,
  ChartDefinitionView,
  ChartedSet,
  ChoiceParameterView,
  NumericParameterView,
} from '../../../src/contracts/patient-chart.view';
import type { PanelOption } from './echarts';
import { stepNumber } from '../shared/levels';

// Pure: the patient chart's ECharts options from Beacon's answer. Every clinical colour comes from the chart
// definition in that answer; the only colours here are the ink of axes, lines and alert markers.

export type Range = '12h' | '3d' | 'stay';
export const RANGES: readonly { readonly id: Range; readonly label: string }[] = [
  { id: '12h', label: 'Last 12 hours' },
  { id: '3d', label: 'Last 3 days' },
  { id: 'stay', label: 'Whole stay' },
];

const HOUR = 3_600_000;
const INK = '#1f2937';
const AXIS_INK = '#4b5563';
const UNKNOWN_RISK = '#6b7280';

export interface TimeWindow {
  readonly from: number;
  readonly to: number;
}

/** The time axis of every panel: the last 12 hours, 3 days, or from the first set or alert to now. */
export function windowOf(
  range: Range,
  sets: readonly ChartedSet[],
  markers: readonly AlertMarker[],
  now: number,
): TimeWindow {
  const times = [...sets.map((set) => set.effectiveAt), ...markers.map((marker) => marker.at)].map(
    Date.parse,
  );
  const to = Math.max(now, ...times);
  if (range === '12h') return { from: to - 12 * HOUR, to };
  if (range === '3d') return { from: to - 72 * HOUR, to };
  const first = times.length > 0 ? Math.min(...times) : to - 12 * HOUR;
  const margin = Math.max((to - first) * 0.03, 10 * 60_000);
  return { from: first - margin, to: to + margin / 3 };
}

/** Bands as drawn: inclusive edges at the chart's precision meet halfway (8 | 9 → 8.5), so there is no seam. */
export function bandEdges(
  bands: readonly ChartBandView[],
): { readonly lower: number; readonly upper: number; readonly band: ChartBandView }[] {
  return bands.map((band, index) => {
    const previous = bands[index - 1];
    const next = bands[index + 1];
    return {
      lower: previous ? (previous.to + band.from) / 2 : band.from,
      upper: next ? (band.to + next.from) / 2 : band.to,
      band,
    };
  });
}

/**
 * The value axis of a numeric panel: the chart's scoring bands around normal with some room, widened to every
 * reading, never beyond the possible values. The outer bands reach the possible limits (0–300 beats/min), which
 * would squash the interesting part.
 */
export function valueRange(
  parameter: NumericParameterView,
  values: readonly number[],
): { readonly min: number; readonly max: number } {
  const first = parameter.bands[0];
  const last = parameter.bands.at(-1);
  if (!first || !last) return { min: Math.min(0, ...values), max: Math.max(1, ...values) };
  const step = 10 ** -parameter.precision;
  const low = parameter.bands.length > 1 ? first.to : first.from;
  const high = parameter.bands.length > 1 ? last.from : last.to;
  const room = Math.max((high - low) * 0.2, step * 5);
  const round = (value: number, direction: 'down' | 'up') =>
    Number(
      ((direction === 'down' ? Math.floor(value / step) : Math.ceil(value / step)) * step).toFixed(
        parameter.precision,
      ),
    );
  return {
    min: Math.max(first.from, round(Math.min(low - room, ...values.map((value) => value - step)), 'down')),
    max: Math.min(last.to, round(Math.max(high + room, ...values.map((value) => value + step)), 'up')),
  };
}

function scoreColour(chart: ChartDefinitionView, score: number): string {
  return chart.scoreColours.find((entry) => entry.score === score)?.colour ?? UNKNOWN_RISK;
}

export function riskColour(chart: ChartDefinitionView, riskId: string): string {
  return chart.riskLevels.find((level) => level.id === riskId)?.colour ?? UNKNOWN_RISK;
}

const MARKER_LINE: Record<AlertMarker['event'], 'solid' | 'dashed' | 'dotted'> = {
  raised: 'solid',
  escalated: 'dashed',
  acknowledged: 'dotted',
  resolved: 'solid',
};

export function markerText(marker: AlertMarker): string {
  switch (marker.event) {
    case 'raised':
      return 'Raised';
    case 'escalated':
      return marker.step === null ? 'Escalated' : `Escalated (step ${stepNumber(marker.step)})`;
    case 'acknowledged':
      return 'Acknowledged';
    case 'resolved':
      return 'Resolved';
  }
}

/**
 * One label per cluster of alert markers closer together than `minGapMs` ("Raised · Acknowledged"), on the cluster's
 * first line; the others carry none. Labels therefore never overlap, however close the events.
 */
export function markerLabels(markers: readonly AlertMarker[], minGapMs: number): (string | null)[] {
  const order = markers
    .map((marker, index) => ({ index, at: Date.parse(marker.at) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const labels: (string | null)[] = markers.map(() => null);
  let first: { index: number; at: number; texts: string[] } | null = null;
  for (const { index, at } of order) {
    const text = markerText(markers[index] as AlertMarker);
    if (first && at - first.at < minGapMs) {
      if (!first.texts.includes(text)) first.texts.push(text);
    } else {
      if (first) labels[first.index] = first.texts.join(' · ');
      first = { index, at, texts: [text] };
    }
  }
  if (first) labels[first.index] = first.texts.join(' · ');
  return labels;
}

/** The share of the time axis one marker label needs (about 40 px of a 900 px wide panel). */
const LABEL_SHARE = 0.045;

function markerLines(markers: readonly AlertMarker[], labelled: boolean, window?: TimeWindow) {
  const labels = markerLabels(markers, window ? (window.to - window.from) * LABEL_SHARE : 0);
  return {
    silent: true,
    symbol: 'none',
    animation: false,
    data: markers.map((marker, index) => ({
      xAxis: Date.parse(marker.at),
      lineStyle: {
        color: INK,
        type: MARKER_LINE[marker.event],
        width: marker.event === 'resolved' ? 1 : 1.5,
      },
      label:
        labelled && labels[index] !== null
          ? {
              show: true,
              formatter: labels[index] ?? '',
              position: 'insideEndTop' as const,
              color: INK,
              fontSize: 11,
            }
          : { show: false },
    })),
  };
}

function bandAreas(edges: readonly { lower: number; upper: number; colour: string; score: number }[]) {
  return {
    silent: true,
    animation: false,
    data: edges.map(({ lower, upper, colour, score }) => [
      {
        yAxis: lower,
        itemStyle: { color: colour, opacity: 1 },
        label: {
          show: score > 0,
          formatter: String(score),
          position: 'insideRight' as const,
          color: INK,
          fontSize: 10,
        },
      },
      { yAxis: upper },
    ]) as never,
  };
}

function base(window: TimeWindow, left = 64): PanelOption {
  return {
    animation: false,
    grid: { left, right: 16, top: 10, bottom: 26 },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: {
      type: 'time',
      min: window.from,
      max: window.to,
      axisLabel: {
        color: AXIS_INK,
        hideOverlap: true,
        formatter: { day: '{d} {MMM}', hour: '{HH}:{mm}', minute: '{HH}:{mm}' },
      },
      axisLine: { lineStyle: { color: AXIS_INK } },
      splitLine: { show: false },
    },
  };
}

const POINT = { symbol: 'circle', symbolSize: 8, showAllSymbol: true, connectNulls: false } as const;

/** A point per set: the reading (or null, a gap: never joined across) coloured by its own stored score. */
function points(
  chart: ChartDefinitionView,
  parameterId: string,
  sets: readonly ChartedSet[],
  toY: (value: string | number | boolean) => number | null,
) {
  return sets.map((set) => {
    const reading = set.values[parameterId];
    const y = reading ? toY(reading.value) : null;
    const time = Date.parse(set.effectiveAt);
    return reading && y !== null
      ? {
          value: [time, y],
          itemStyle: { color: scoreColour(chart, reading.score), borderColor: INK, borderWidth: 1.5 },
        }
      : { value: [time, null] };
  });
}

export function numericPanel(
  chart: ChartDefinitionView,
  parameter: NumericParameterView,
  sets: readonly ChartedSet[],
  markers: readonly AlertMarker[],
  window: TimeWindow,
): PanelOption {
  const values = sets.flatMap((set) => {
    const value = set.values[parameter.id]?.value;
    return typeof value === 'number' ? [value] : [];
  });
  const range = valueRange(parameter, values);
  const edges = bandEdges(parameter.bands)
    .map(({ lower, upper, band }) => ({
      lower: Math.max(lower, range.min),
      upper: Math.min(upper, range.max),
      colour: band.colour,
      score: band.score,
    }))
    .filter(({ lower, upper }) => upper > lower);
  return {
    ...base(window),
    yAxis: {
      type: 'value',
      min: range.min,
      max: range.max,
      splitLine: { show: false },
      // The ends are where the drawing stops, not round numbers worth a label.
      axisLabel: { color: AXIS_INK, showMinLabel: false, showMaxLabel: false },
      axisLine: { show: true, lineStyle: { color: AXIS_INK } },
    },
    series: [
      {
        type: 'line',
        name: parameter.label,
        ...POINT,
        lineStyle: { color: INK, width: 1.5 },
        data: points(chart, parameter.id, sets, (value) => (typeof value === 'number' ? value : null)),
        markArea: bandAreas(edges),
        markLine: markerLines(markers, false),
      },
    ],
  };
}

export function choicePanel(
  chart: ChartDefinitionView,
  parameter: ChoiceParameterView,
  sets: readonly ChartedSet[],
  markers: readonly AlertMarker[],
  window: TimeWindow,
): PanelOption {
  const indices = parameter.choices.map((_, index) => index);
  const edges = parameter.choices.map((choice, index) => ({
    lower: index - 0.5,
    upper: index + 0.5,
    colour: choice.colour,
    score: choice.score,
  }));
  return {
    ...base(window),
    yAxis: {
      type: 'value',
      min: -0.5,
      max: parameter.choices.length - 0.5,
      splitLine: { show: false },
      axisTick: { customValues: indices },
      axisLabel: {
        color: AXIS_INK,
        customValues: indices,
        formatter: (value: number) => parameter.choices[value]?.label ?? '',
      },
      axisLine: { show: true, lineStyle: { color: AXIS_INK } },
    },
    series: [
      {
        type: 'line',
        name: parameter.label,
        ...POINT,
        lineStyle: { color: INK, width: 1.5 },
        data: points(chart, parameter.id, sets, (value) => {
          const index = parameter.choices.findIndex((choice) => choice.value === value);
          return index < 0 ? null : index;
        }),
        markArea: bandAreas(edges),
        markLine: markerLines(markers, false),
      },
    ],
  };
}

/** The total score over time, each point in its clinical-risk colour, with the alert markers labelled. */
export function totalPanel(
  chart: ChartDefinitionView,
  sets: readonly ChartedSet[],
  markers: readonly AlertMarker[],
  window: TimeWindow,
): PanelOption {
  const highest = Math.max(3, ...sets.map((set) => set.total + 1));
  return {
    ...base(window),
    grid: { left: 64, right: 16, top: 22, bottom: 26 },
    yAxis: {
      type: 'value',
      min: 0,
      max: highest,
      minInterval: 1,
      splitLine: { show: false },
      axisLabel: { color: AXIS_INK },
      axisLine: { show: true, lineStyle: { color: AXIS_INK } },
    },
    series: [
      {
        type: 'line',
        name: 'Total score',
        ...POINT,
        symbolSize: 10,
        lineStyle: { color: INK, width: 2 },
        label: {
          show: true,
          position: 'top',
          color: INK,
          fontSize: 11,
          formatter: ({ value }) => String((value as readonly number[])[1]),
        },
        labelLayout: { hideOverlap: true },
        data: sets.map((set) => ({
          value: [Date.parse(set.effectiveAt), set.total],
          itemStyle: { color: riskColour(chart, set.clinicalRisk), borderColor: INK, borderWidth: 1.5 },
        })),
        markLine: markerLines(markers, true, window),
      },
    ],
  };
}
