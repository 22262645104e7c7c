import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface Probe {
  readonly name: string;
  readonly file: string;
  readonly source: string;
}

/**
 * Runs every probe through ESLint once (one process) with the structural rules eslint.config.mjs runs, and answers
 * each probe's messages ("rule: message") by name.
 */
export function lintProbes(probes: readonly Probe[]): Map<string, string[]> {
  const root = join(__dirname, '..', '..', '..');
  const result = spawnSync(process.execPath, [join(__dirname, '..', 'lint-probes.mjs')], {
    cwd: root,
    input: JSON.stringify(probes),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`lint-probes failed: ${result.stderr}`);
  const reports = JSON.parse(result.stdout) as { messages: string[] }[];
  return new Map(probes.map((probe, index) => [probe.name, reports[index]?.messages ?? []]));
}
