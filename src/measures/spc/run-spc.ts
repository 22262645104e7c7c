// One SPC request from end to end: validate the chart kind, series and options, then compute.
import type { RawSpcOptions } from './series';
import { parseChartKind, parseOptions, parseSeries } from './series';
import type { SpcResult } from './spc-chart';
import { computeSpc } from './spc-chart';

export function runSpc(chart: unknown, series: unknown, raw: RawSpcOptions): SpcResult | { error: string } {
  const kind = parseChartKind(chart);
  if (!kind.ok) return { error: kind.error };
  const points = parseSeries(kind.value, series);
  if (!points.ok) return { error: points.error };
  const options = parseOptions(kind.value, points.value, raw);
  if (!options.ok) return { error: options.error };
  return computeSpc(kind.value, points.value, options.value);
}
