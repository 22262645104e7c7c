import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { FieldId, GoldenCase } from '../scoring';
import { FIELD_IDS, OBSERVATION_FIELDS } from '../scoring';

const EXPECTED = ['expectedTotal', 'expectedResponse'] as const;

function isFieldId(column: string): column is FieldId {
  return (FIELD_IDS as readonly string[]).includes(column);
}

/** A CSV cell as the reading's JSON value: numbers for numeric readings, true/false, 1/2 for the SpO2 scale. */
function cellValue(field: FieldId, cell: string): unknown {
  const definition = OBSERVATION_FIELDS[field];
  if (definition.kind === 'number') return Number(cell);
  const match = definition.values.find((value) => String(value) === cell);
  return match ?? cell;
}

export type CasesFileResult =
  | { readonly ok: true; readonly cases: readonly GoldenCase[] }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Reads a unit's golden cases: one row per observation set, a column per reading (observation field names, empty
 * means not recorded), `expectedTotal` and `expectedResponse`, optionally `case` (its name); `#` starts a comment.
 */
export function readGoldenCasesCsv(file: string): CasesFileResult {
  let rows: Record<string, string>[];
  try {
    rows = parse(readFileSync(file, 'utf8'), {
      columns: true,
      comment: '#',
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    return { ok: false, errors: [`${file}: ${(error as Error).message}`] };
  }
  const errors: string[] = [];
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  for (const column of EXPECTED) {
    if (!columns.includes(column)) errors.push(`${file}: column ${column} is missing`);
  }
  for (const column of columns) {
    if (column !== 'case' && !isFieldId(column) && !(EXPECTED as readonly string[]).includes(column)) {
      errors.push(`${file}: column ${column} is not an observation field (${FIELD_IDS.join(', ')})`);
    }
  }
  if (rows.length === 0) errors.push(`${file}: has no cases`);
  if (errors.length > 0) return { ok: false, errors };

  const cases = rows.map((row, index): GoldenCase => {
    const set: Record<string, unknown> = {};
    for (const [column, cell] of Object.entries(row)) {
      if (isFieldId(column) && cell !== '') set[column] = cellValue(column, cell);
    }
    return {
      name: row.case || `row ${index + 1}`,
      set,
      expectedTotal: Number(row.expectedTotal),
      expectedResponse: row.expectedResponse ?? '',
    };
  });
  const unreadable = cases.filter((testCase) => !Number.isInteger(testCase.expectedTotal));
  if (unreadable.length > 0) {
    return {
      ok: false,
      errors: unreadable.map(
        (testCase) => `${file}: case ${testCase.name}: expectedTotal is not a whole number`,
      ),
    };
  }
  return { ok: true, cases };
}
