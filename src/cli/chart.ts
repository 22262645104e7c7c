/**
 * npm run --silent chart -- <command>: the tools a unit's clinical safety officer uses to bring a chart into use
 * (docs/clinical-safety/chart-procedure.md).
 *
 *   validate <file>                    { "valid": true, "id", "version", "hash" }, or { "valid": false, "errors" } and exit 2
 *   test <file> --cases <cases.csv>    scores the unit's golden cases; every mismatch listed, exit 1 if any
 *   sign <file> --by "<name>" --role "<role>" --source-sha256 <hash> [--cases <cases.csv>]
 *                                      records the sign-off in PostgreSQL (audited); refused (exit 2) unless the chart
 *                                      is valid and verified, its source.sha256 is the given hash and every golden
 *                                      case passes (default cases: <id>.cases.csv beside the file)
 *   schema                             prints the JSON Schema of a chart file (config/charts/chart.schema.json)
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { chartJsonSchema } from '../config/chart-file.schema';
import { readChartFile } from '../config/chart-files';
import { databaseOptions } from '../database/database-options';
import { recordSignOff } from '../governance/chart-sign-off';
import type { GoldenReport } from '../scoring';
import { checkGoldenCases } from '../scoring';
import { optionValue, runCommand } from './cli-io';
import { readGoldenCasesCsv } from './golden-cases-csv';

const USAGE =
  'usage: chart -- validate <file> | test <file> --cases <cases.csv> | ' +
  'sign <file> --by "<name>" --role "<role>" --source-sha256 <hash> [--cases <cases.csv>] | schema';

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function refuse(errors: readonly string[]): number {
  print({ valid: false, errors });
  return 2;
}

function validate(file: string): number {
  const result = readChartFile(file);
  if (!result.valid) return refuse(result.errors);
  print({ valid: true, id: result.chart.id, version: result.chart.version, hash: result.hash });
  return 0;
}

type Tested =
  | { ok: true; report: GoldenReport; casesFile: string; casesSha256: string }
  | { ok: false; errors: readonly string[] };

function runCases(file: string, casesFile: string): Tested {
  const chart = readChartFile(file);
  if (!chart.valid) return { ok: false, errors: chart.errors };
  if (!existsSync(casesFile)) return { ok: false, errors: [`--cases: ${casesFile} does not exist`] };
  const cases = readGoldenCasesCsv(casesFile);
  if (!cases.ok) return { ok: false, errors: cases.errors };
  const casesSha256 = createHash('sha256').update(readFileSync(casesFile)).digest('hex');
  return { ok: true, report: checkGoldenCases(chart.chart, cases.cases), casesFile, casesSha256 };
}

function test(file: string, casesFile: string | undefined): number {
  if (!casesFile) return refuse([`--cases: required (${USAGE})`]);
  const tested = runCases(file, resolve(casesFile));
  if (!tested.ok) return refuse(tested.errors);
  const { report } = tested;
  print({ allPassed: report.mismatches.length === 0, ...report });
  return report.mismatches.length === 0 ? 0 : 1;
}

async function sign(file: string, args: readonly string[]): Promise<number> {
  const by = optionValue(args, '--by')?.trim();
  const role = optionValue(args, '--role')?.trim();
  const sourceSha256 = optionValue(args, '--source-sha256')?.trim().toLowerCase();
  const errors: string[] = [];
  if (!by) errors.push('--by: the name of the person signing is required');
  if (!role)
    errors.push('--role: the role of the person signing is required (for example clinical safety officer)');
  if (!sourceSha256 || !/^[0-9a-f]{64}$/.test(sourceSha256))
    errors.push('--source-sha256: the SHA-256 of the source PDF (64 hexadecimal characters) is required');
  const chart = readChartFile(file);
  if (!chart.valid) return refuse([...errors, ...chart.errors]);
  const { id, version, verification, source } = chart.chart;
  if (verification !== 'verified') {
    errors.push(
      `verification: chart ${id} is "${verification}"; only a chart checked against its source is signed`,
    );
  }
  if (source.sha256 === null) {
    errors.push(`source.sha256: chart ${id} does not record the SHA-256 of the PDF it was transcribed from`);
  } else if (sourceSha256 && source.sha256 !== sourceSha256) {
    errors.push(
      `source.sha256: chart ${id} was transcribed from a PDF with hash ${source.sha256}, not the ${sourceSha256} being signed for`,
    );
  }
  const casesFile = resolve(optionValue(args, '--cases') ?? join(dirname(resolve(file)), `${id}.cases.csv`));
  const tested = runCases(file, casesFile);
  if (!tested.ok) errors.push(...tested.errors);
  else if (tested.report.mismatches.length > 0) {
    errors.push(
      ...tested.report.mismatches.map(
        (mismatch) =>
          `${casesFile}: case ${mismatch.case}: expected total ${mismatch.expected.total} and response ${mismatch.expected.response}, ` +
          `chart gives ${'error' in mismatch.actual ? mismatch.actual.error : `total ${mismatch.actual.total} and response ${mismatch.actual.response}`}`,
      ),
    );
  }
  if (errors.length > 0 || !tested.ok || !by || !role || !sourceSha256) return refuse(errors);

  const config = loadConfig();
  const dataSource = new DataSource(databaseOptions(config, { extra: { max: 1 } }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const { file: _file, ...content } = chart.chart;
    const recorded = await recordSignOff(dataSource.manager, {
      chartId: id,
      chartVersion: version,
      contentSha256: chart.hash,
      sourceSha256,
      signedBy: by,
      role,
      file: chart.chart.file,
      casesSha256: tested.casesSha256,
      casesPassed: tested.report.passed,
      content,
    });
    if (!recorded.ok) return refuse([recorded.error]);
    print({
      signed: true,
      id,
      version,
      hash: chart.hash,
      sourceSha256,
      signedBy: by,
      role,
      signedAt: recorded.signOff.signedAt.toISOString(),
      casesPassed: tested.report.passed,
    });
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<number> {
  const [command, file, ...rest] = process.argv.slice(2);
  if (command === 'schema') {
    print(chartJsonSchema());
    return 0;
  }
  if (!file || !['validate', 'test', 'sign'].includes(command ?? '')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (command === 'validate') return validate(file);
  if (command === 'test') return test(file, optionValue(rest, '--cases'));
  return sign(file, rest);
}

runCommand('chart', main);
