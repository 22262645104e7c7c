import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { configure } from 'safe-stable-stringify';
import type { ChartDefinition } from '../scoring';
import { chartProblems } from '../scoring';
import { CHART_FILE_SCHEMA } from './chart-file.schema';
import { PROJECT_ROOT } from './project-root';

/** Chart files in a chart directory end with this; the schema and golden cases beside them do not. */
export const CHART_FILE_SUFFIX = '.chart.json';
export const SHIPPED_CHART_DIR = join(PROJECT_ROOT, 'config', 'charts');

const canonical = configure({ deterministic: true, bigint: false, circularValue: Error });

/**
 * The content hash a sign-off is bound to: SHA-256 of the file's JSON with keys sorted and without `$schema`, so
 * re-indenting or reordering keys keeps the hash and any change to a value (a band edge, a score, a response) does
 * not.
 */
export function chartContentHash(json: unknown): string {
  const content =
    typeof json === 'object' && json !== null && !Array.isArray(json)
      ? Object.fromEntries(Object.entries(json).filter(([key]) => key !== '$schema'))
      : json;
  return createHash('sha256')
    .update(canonical(content) ?? '')
    .digest('hex');
}

export type ChartFileResult =
  | { readonly valid: true; readonly chart: ChartDefinition; readonly hash: string }
  | { readonly valid: false; readonly errors: readonly string[] };

function displayPath(file: string): string {
  const fromRoot = relative(PROJECT_ROOT, file);
  return fromRoot.startsWith('..') || isAbsolute(fromRoot) ? file : fromRoot;
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key),
    '',
  );
}

/** Validates parsed chart JSON against the schema and then the chart invariants. */
export function parseChart(json: unknown, file: string): ChartFileResult {
  const parsed = CHART_FILE_SCHEMA.safeParse(json);
  if (!parsed.success) {
    return {
      valid: false,
      errors: parsed.error.issues.map((issue) => `${issuePath(issue.path) || '(root)'}: ${issue.message}`),
    };
  }
  const { $schema: _schema, ...content } = parsed.data;
  const chart = { ...content, file } as ChartDefinition;
  const problems = chartProblems(chart);
  if (problems.length > 0) return { valid: false, errors: problems };
  return { valid: true, chart, hash: chartContentHash(json) };
}

/** Reads and validates one chart file; errors are "<path>: <reason>". */
export function readChartFile(path: string): ChartFileResult {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return {
      valid: false,
      errors: [`(file): cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { valid: false, errors: [`(file): not valid JSON (${(error as Error).message})`] };
  }
  return parseChart(json, displayPath(file));
}

export interface LoadedChart {
  readonly chart: ChartDefinition;
  /** chartContentHash of the file: what a sign-off is bound to. */
  readonly hash: string;
}

/** The charts loaded at start-up, by id. Every chart in it passed the schema and the invariants. */
export class ChartCatalogue {
  private readonly byId: ReadonlyMap<string, LoadedChart>;

  constructor(
    loaded: readonly LoadedChart[],
    readonly directory: string,
  ) {
    this.byId = new Map(loaded.map((entry) => [entry.chart.id, entry]));
  }

  get ids(): string[] {
    return [...this.byId.keys()];
  }

  all(): ChartDefinition[] {
    return [...this.byId.values()].map((entry) => entry.chart);
  }

  entries(): LoadedChart[] {
    return [...this.byId.values()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  find(id: string): ChartDefinition | undefined {
    return this.byId.get(id)?.chart;
  }

  /** The chart with this id; the ward configuration is checked against the catalogue at start-up. */
  get(id: string): ChartDefinition {
    const entry = this.byId.get(id);
    if (!entry) throw new RangeError(`chart ${id} is not loaded (charts: ${this.ids.join(', ')})`);
    return entry.chart;
  }

  hashOf(id: string): string | undefined {
    return this.byId.get(id)?.hash;
  }

  /** A copy with one chart replaced or added (tests, and what-if checks). */
  with(chart: ChartDefinition, hash = chartContentHash({ ...chart, file: undefined })): ChartCatalogue {
    const others = this.entries().filter((entry) => entry.chart.id !== chart.id);
    return new ChartCatalogue([...others, { chart, hash }], this.directory);
  }
}

export class ChartDirectoryError extends Error {
  override readonly name = 'ChartDirectoryError';
}

/**
 * Loads every `*.chart.json` in a directory (sorted by file name), refusing the lot if any file is malformed or
 * breaks an invariant, or two files share an id; every error names the file and the element.
 */
export function loadChartDirectory(directory: string): ChartCatalogue {
  const dir = resolve(directory);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ChartDirectoryError(`BEACON_CHART_DIR: ${dir} is not a directory`);
  }
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(CHART_FILE_SUFFIX))
    .sort();
  const errors: string[] = [];
  const loaded: LoadedChart[] = [];
  const fileOf = new Map<string, string>();
  for (const name of files) {
    const path = join(dir, name);
    const result = readChartFile(path);
    if (!result.valid) {
      errors.push(...result.errors.map((error) => `${displayPath(path)}: ${error}`));
      continue;
    }
    const earlier = fileOf.get(result.chart.id);
    if (earlier) {
      errors.push(`${displayPath(path)}: id: chart ${result.chart.id} is also defined by ${earlier}`);
      continue;
    }
    fileOf.set(result.chart.id, displayPath(path));
    loaded.push({ chart: result.chart, hash: result.hash });
  }
  if (files.length === 0) errors.push(`BEACON_CHART_DIR: ${dir} has no *${CHART_FILE_SUFFIX} files`);
  if (errors.length > 0) throw new ChartDirectoryError(`Chart files refused:\n${errors.join('\n')}`);
  return new ChartCatalogue(loaded, dir);
}

let shipped: ChartCatalogue | undefined;

/** The charts shipped in config/charts/, loaded once (tests, the simulator, and the default of AppConfig). */
export function shippedCharts(): ChartCatalogue {
  return (shipped ??= loadChartDirectory(SHIPPED_CHART_DIR));
}
