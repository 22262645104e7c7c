import type { ChartDefinition } from './chart';
import { scoreObservationSet } from './evaluate';
import { parseObservationSet } from './observation-set';

/** One of a unit's own golden cases: an observation set with the total and response the paper chart gives. */
export interface GoldenCase {
  /** The case's name, or its line in the cases file. */
  readonly name: string;
  readonly set: unknown;
  readonly expectedTotal: number;
  /** A response level of the chart (for NEWS2: emergency, urgent, urgent-ward, concern, ward, routine). */
  readonly expectedResponse: string;
}

export interface GoldenMismatch {
  readonly case: string;
  readonly expected: { readonly total: number; readonly response: string };
  /** What the chart gives; `error` when the set could not be scored at all. */
  readonly actual: { readonly total: number; readonly response: string } | { readonly error: string };
}

export interface GoldenReport {
  readonly cases: number;
  readonly passed: number;
  readonly mismatches: readonly GoldenMismatch[];
}

/** Scores every case with the chart and lists each one whose total or response differs from what was expected. */
export function checkGoldenCases(chart: ChartDefinition, cases: readonly GoldenCase[]): GoldenReport {
  const mismatches: GoldenMismatch[] = [];
  for (const testCase of cases) {
    const expected = { total: testCase.expectedTotal, response: testCase.expectedResponse };
    const parsed = parseObservationSet(testCase.set);
    if (!parsed.ok) {
      mismatches.push({ case: testCase.name, expected, actual: { error: parsed.error } });
      continue;
    }
    const outcome = scoreObservationSet(chart, parsed.set);
    if (!outcome.ok) {
      mismatches.push({ case: testCase.name, expected, actual: { error: outcome.error } });
      continue;
    }
    const actual = { total: outcome.result.total, response: outcome.result.response.level };
    if (actual.total !== expected.total || actual.response !== expected.response) {
      mismatches.push({ case: testCase.name, expected, actual });
    }
  }
  return { cases: cases.length, passed: cases.length - mismatches.length, mismatches };
}
