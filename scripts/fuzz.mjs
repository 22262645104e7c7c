// npm run fuzz -- --cases 50000 [--seed 42]: the property-based fuzz test of FHIR intake
// (test/e2e/fhir-fuzz.e2e-spec.ts) with more cases than `npm test` runs. Needs PostgreSQL and Redis like the e2e
// tests; prints the answers by status and by mutation (also in .test-results/fuzz.json).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const cases = option('cases') ?? '10000';
const seed = option('seed');
if (!/^\d+$/.test(cases) || (seed !== undefined && !/^-?\d+$/.test(seed))) {
  process.stderr.write('usage: npm run fuzz -- [--cases N] [--seed S]\n');
  process.exit(2);
}
const started = Date.now();
const result = spawnSync('npx', ['jest', '-c', 'jest.e2e.config.js', 'test/e2e/fhir-fuzz.e2e-spec.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    BEACON_FUZZ_CASES: cases,
    ...(seed === undefined ? {} : { BEACON_FUZZ_SEED: seed }),
  },
});
try {
  const report = JSON.parse(readFileSync(join(root, '.test-results', 'fuzz.json'), 'utf8'));
  process.stdout.write(
    `\nfuzz: ${report.cases} cases in ${Math.round((Date.now() - started) / 1000)} s; answers by status ${JSON.stringify(report.statuses)}\n`,
  );
  for (const [mutation, statuses] of Object.entries(report.byMutation))
    process.stdout.write(`  ${mutation.padEnd(34)} ${JSON.stringify(statuses)}\n`);
} catch {
  process.stdout.write('fuzz: no report was written\n');
}
process.exit(result.status ?? 1);
