/**
 * npm run --silent spc -- --chart xmr|p [--improvement up|down] [--target N] [--baseline K] [--rebase PERIOD]... < series.json
 * Reads a JSON array of points on stdin ({ period, value } for xmr, { period, numerator, denominator } for p) and
 * writes the chart as JSON on stdout. Exit 0; exit 2 with { "error": "<field>: <reason>" } on stdout when the series
 * or an option is invalid. The rules and their sources: src/measures/spc/rules.ts and docs/measures.md.
 */
import { runSpc } from '../measures/spc';
import { readStdin, runCommand } from './cli-io';

const VALUE_OPTIONS = ['--chart', '--improvement', '--target', '--baseline', '--rebase'] as const;
type OptionName = (typeof VALUE_OPTIONS)[number];

type ParsedArgs = { ok: true; values: Map<OptionName, string[]> } | { ok: false; error: string };

function parseArgs(args: readonly string[]): ParsedArgs {
  const values = new Map<OptionName, string[]>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg];
    const option = VALUE_OPTIONS.find((known) => known === name);
    if (!option) return { ok: false, error: `${arg.replace(/^-+/, '')}: unknown option` };
    const value = inline ?? args[(i += 1)];
    if (value === undefined) return { ok: false, error: `${option.slice(2)}: needs a value` };
    values.set(option, [...(values.get(option) ?? []), value]);
  }
  return { ok: true, values };
}

function round(value: unknown): unknown {
  return typeof value === 'number' ? Math.round(value * 1e6) / 1e6 : value;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const write = (result: unknown): void => {
    process.stdout.write(`${JSON.stringify(result, (_key, value: unknown) => round(value), 2)}\n`);
  };
  if (!args.ok) {
    write({ error: args.error });
    return 2;
  }
  const last = (name: OptionName): string | undefined => args.values.get(name)?.at(-1);
  const text = await readStdin();
  let series: unknown;
  try {
    series = JSON.parse(text);
  } catch (error) {
    write({
      error: `series: stdin is not valid JSON (${error instanceof Error ? error.message : 'unreadable'})`,
    });
    return 2;
  }
  const result = runSpc(last('--chart') ?? 'missing', series, {
    improvement: last('--improvement'),
    target: last('--target'),
    baseline: last('--baseline'),
    rebase: args.values.get('--rebase')?.flatMap((value) => value.split(',')),
  });
  write(result);
  return 'error' in result ? 2 : 0;
}

runCommand('spc', main);
