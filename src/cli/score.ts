/**
 * npm run --silent score -- --chart <id>   (a chart file in BEACON_CHART_DIR, default config/charts: news2, mews, newtt2)
 * Reads a JSON array of observation sets on stdin; writes a JSON array of results (same order) on stdout.
 * Exit 0 when every item scored, 2 when any item was invalid (it becomes { "error": "<field>: <reason>" }) or the
 * input could not be read.
 */
import { resolve } from 'node:path';
import { loadCharts, parseEnv } from '../config/app-config';
import { parseObservationSet, scoreObservationSet } from '../scoring';
import type { ScoreResult } from '../scoring';
import { failUsage, optionValue, readJsonArrayFromStdin, runCommand, writeResults } from './cli-io';

type Item = ScoreResult | { error: string };

async function main(): Promise<number> {
  const charts = loadCharts(resolve(parseEnv(process.env).BEACON_CHART_DIR));
  const chartId = optionValue(process.argv.slice(2), '--chart');
  const chart = chartId ? charts.find(chartId) : undefined;
  if (!chart) {
    const verifiedFirst = [...charts.all()].sort(
      (a, b) => Number(a.verification !== 'verified') - Number(b.verification !== 'verified'),
    );
    return failUsage(`score: --chart must be one of ${verifiedFirst.map((known) => known.id).join(', ')}`);
  }
  const input = await readJsonArrayFromStdin('observation sets');
  if (!input.ok) return failUsage(`score: ${input.error}`);

  const results: Item[] = input.items.map((item) => {
    const parsed = parseObservationSet(item);
    if (!parsed.ok) return { error: parsed.error };
    const scored = scoreObservationSet(chart, parsed.set);
    return scored.ok ? scored.result : { error: scored.error };
  });
  return writeResults(results);
}

runCommand('score', main);
