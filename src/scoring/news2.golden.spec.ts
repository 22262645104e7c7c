/**
 * Independent golden cases for the NEWS2 chart. The expectations in golden/news2.golden.json were transcribed by
 * hand from the RCP NEWS2 table (clinical-rules.md, section "R. NEWS2 reference chart"), not produced by running
 * the engine, so a disagreement here means either the chart or the transcription is wrong: re-read the table
 * before changing either.
 */
import goldenFile from './golden/news2.golden.json';
import { CHARTS } from '../../test/support/charts';
import { parseObservationSet, scoreObservationSet } from './index';
import type { ClinicalRisk } from './index';

interface GoldenExpectation {
  readonly parameters: Readonly<Record<string, number>>;
  readonly total: number;
  readonly clinicalRisk: ClinicalRisk;
  readonly escalate: boolean;
  readonly observationIntervalMinutes: number | null;
  readonly reviewWithinMinutes: number | null;
}

interface GoldenCase {
  readonly id: string;
  readonly note: string;
  readonly set: unknown;
  readonly expect: GoldenExpectation;
}

interface GoldenFile {
  readonly source: string;
  readonly cases: readonly GoldenCase[];
}

const golden = goldenFile as GoldenFile;

describe('NEWS2 golden cases (hand-transcribed from the RCP table)', () => {
  it('has at least 60 cases with unique ids and a source citation', () => {
    expect(golden.source.length).toBeGreaterThan(0);
    expect(golden.cases.length).toBeGreaterThanOrEqual(60);
    const ids = golden.cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(golden.cases.map((c) => [c.id, c] as const))('%s', (_id, testCase) => {
    const parsed = parseObservationSet(testCase.set);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) throw new Error(parsed.error);

    const outcome = scoreObservationSet(CHARTS.news2, parsed.set);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) throw new Error(outcome.error);
    const { result } = outcome;

    const scores: Record<string, number> = {};
    for (const p of result.parameters) scores[p.parameter] = p.score;

    expect({
      parameters: scores,
      total: result.total,
      clinicalRisk: result.clinicalRisk,
      escalate: result.escalate,
      observationIntervalMinutes: result.response.observationIntervalMinutes,
      reviewWithinMinutes: result.response.reviewWithinMinutes,
    }).toEqual(testCase.expect);
  });
});
