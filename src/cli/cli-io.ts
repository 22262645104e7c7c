// Small helpers shared by the command-line tools: option parsing and reading a JSON array from stdin.

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
