/**
 * npm run --silent score -- --chart <news2|mews|newtt2>
 * Reads a JSON array of observation sets on stdin; writes a JSON array of results (same order) on stdout.
 * Exit 0 when every item scored, 2 when any item was invalid (it becomes { "error": "<field>: <reason>" }) or the
 * input could not be read.
 */
import { CHART_IDS, CHARTS, isChartId, parseObservationSet, scoreObservationSet } from '../scoring';
import type { ScoreResult } from '../scoring';
import { failUsage, optionValue, readJsonArrayFromStdin } from './cli-io';

type Item = ScoreResult | { error: string };

async function main(): Promise<number> {
  const chartId = optionValue(process.argv.slice(2), '--chart');
  if (!chartId || !isChartId(chartId)) {
    return failUsage(`score: --chart must be one of ${CHART_IDS.join(', ')}`);
  }
  const chart = CHARTS[chartId];
  const input = await readJsonArrayFromStdin('observation sets');
  if (!input.ok) return failUsage(`score: ${input.error}`);

  const results: Item[] = input.items.map((item) => {
    const parsed = parseObservationSet(item);
    if (!parsed.ok) return { error: parsed.error };
    const scored = scoreObservationSet(chart, parsed.set);
    return scored.ok ? scored.result : { error: scored.error };
  });
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  return results.some((result) => 'error' in result) ? 2 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`score: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
