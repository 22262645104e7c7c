// Prints how many tests each tier ran, from the JSON reports jest wrote to .test-results/ during this `npm test`.
// With --reset, empties .test-results/ first (npm test starts with it).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = new URL('../.test-results/', import.meta.url);
if (process.argv.includes('--reset')) {
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  process.exit(0);
}

const tiers = ['unit', 'e2e', 'browser'];
const rows = [];
for (const tier of tiers) {
  const file = new URL(`${tier}.json`, results);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  rows.push(
    `  ${tier.padEnd(8)} ${String(report.numPassedTests).padStart(5)} passed  ${String(report.numFailedTests).padStart(3)} failed  ` +
      `${String(report.numPendingTests).padStart(3)} skipped  in ${report.numTotalTestSuites} files`,
  );
}
console.log(`\nTests executed by tier:\n${rows.join('\n')}\n`);
