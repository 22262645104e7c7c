// Lints probe sources (JSON [{ file, source }] on stdin) with the project's structural rules only (import direction,
// SQL only in repositories, size limits), in one ESLint process, and prints [{ file, messages: ["rule: message"] }].
// Used by lint-boundaries.spec.ts, lint-sql.spec.ts and lint-size.spec.ts.
import { ESLint } from 'eslint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const probes = JSON.parse(readFileSync(0, 'utf8'));
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: join(root, 'eslint', 'boundaries.probe.config.mjs'),
});
const results = [];
for (const { file, source } of probes) {
  const [report] = await eslint.lintText(source, { filePath: join(root, file) });
  results.push({ file, messages: (report?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`) });
}
process.stdout.write(JSON.stringify(results));
