// Small helpers shared by the command-line tools: option parsing, reading a JSON array from stdin, writing the
// results and the exit code.

export function optionValue(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index >= 0) return args[index + 1];
  const inline = args.find((arg) => arg.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

export function failUsage(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export type JsonArrayInput = { ok: true; items: unknown[] } | { ok: false; error: string };

export async function readJsonArrayFromStdin(what: string): Promise<JsonArrayInput> {
  const text = await readStdin();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ') : 'invalid JSON';
    return { ok: false, error: `stdin is not valid JSON (${reason})` };
  }
  if (!Array.isArray(parsed)) return { ok: false, error: `stdin must be a JSON array of ${what}` };
  return { ok: true, items: parsed };
}

/** Writes one result per item as a JSON array; exit code 2 when any item is an error (`{ "error": … }`), else 0. */
export function writeResults(results: readonly object[]): number {
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  return results.some((result) => 'error' in result) ? 2 : 0;
}

/**
 * Runs a command and sets the process's exit code to its answer; an unexpected failure is told on stderr, prefixed
 * with the command's name, and exits with `failureCode`.
 */
export function runCommand(name: string, main: () => Promise<number>, failureCode = 1): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = failureCode;
    },
  );
}
