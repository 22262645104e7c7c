import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const SHIPPED_CHARTS = join(ROOT, 'config', 'charts');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly json: Record<string, unknown>;
}

/** Runs the command exactly as documented: npm run --silent chart -- <args>. */
export function chartCli(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const result = spawnSync('npm', ['run', '--silent', 'chart', '--', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(result.stdout) as Record<string, unknown>;
  } catch {
    // left empty: the test reads stdout/stderr
  }
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, json };
}

export type ChartJson = Record<string, unknown> & {
  id: string;
  version: string;
  source: Record<string, unknown>;
  suitableFor: string[];
  parameters: { id: string; variants?: { bands: { from: number; to: number; score: number }[] }[] }[];
  responses: { level: string; who: string }[];
};

export function shippedChartJson(id: string): ChartJson {
  return JSON.parse(readFileSync(join(SHIPPED_CHARTS, `${id}.chart.json`), 'utf8')) as ChartJson;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'beacon-chart-'));
}

export function writeJson(file: string, value: unknown): string {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  return file;
}
