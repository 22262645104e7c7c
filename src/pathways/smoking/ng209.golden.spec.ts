/**
 * Golden cases for the NICE-NG209 smoking rule set. Every expectation was typed by hand from
 * ../shared/clinical/clinical-rules.md §d.1–d.3 (tags in each case) and, where the source is silent, from the
 * Beacon choice named in the case (the rule id in ng209.rules.ts). None was produced by running the code: if one
 * disagrees, re-read the source before changing either side.
 */
import { SMOKING_FLAGS, SMOKING_RULE_SET_IDS, evaluateSmokingCase, ng209RuleSet } from './index';
import type { SmokingCondition, SmokingFlag } from './index';

interface Expected {
  readonly coTestRequired: boolean;
  readonly optOutReferral: boolean;
  readonly identifyCoSource: boolean;
  readonly prompts: readonly string[];
}

interface GoldenCase {
  readonly id: string;
  readonly why: string;
  readonly input: Record<string, unknown>;
  readonly expect: Expected;
}

const CASES: readonly GoldenCase[] = [
  // CO testing: NG209 1.18.1 [S42][S43], A8
  {
    id: 'booking, never smoked, CO 1: routine test done, nothing else',
    why: '1.18.1 routine CO test at the first antenatal appointment',
    input: { appointment: 'booking', selfReport: 'never', coPpm: 1 },
    expect: { coTestRequired: true, optOutReferral: false, identifyCoSource: false, prompts: [] },
  },
  {
    id: '36 weeks, never smoked, CO 0: routine test done',
    why: '1.18.1 routine CO test at the 36-week appointment',
    input: { appointment: '36-weeks', selfReport: 'never', coPpm: 0 },
    expect: { coTestRequired: true, optOutReferral: false, identifyCoSource: false, prompts: [] },
  },
  {
    id: 'booking, never smoked, no CO: test missing',
    why: '1.18.1; co-test-missing',
    input: { appointment: 'booking', selfReport: 'never' },
    expect: {
      coTestRequired: true,
      optOutReferral: false,
      identifyCoSource: false,
      prompts: ['co-test-missing'],
    },
  },
  {
    id: '36 weeks, smoker, no CO: test missing and referral',
    why: '1.18.1; [S46] she says she smokes',
    input: { appointment: '36-weeks', selfReport: 'smoker' },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['co-test-missing', 'opt-out-referral'],
    },
  },
  {
    id: 'other antenatal, never smoked, CO 1: no test required',
    why: 'A8: current NG209, not "all appointments"',
    input: { appointment: 'other', selfReport: 'never', coPpm: 1 },
    expect: { coTestRequired: false, optOutReferral: false, identifyCoSource: false, prompts: [] },
  },
  {
    id: 'other antenatal, never smoked, no CO: no test due',
    why: 'A8; 2023 change reduced tests for low readings and no smoking history [S45]',
    input: { appointment: 'other', selfReport: 'never', previousCoPpm: [1, 1] },
    expect: { coTestRequired: false, optOutReferral: false, identifyCoSource: false, prompts: [] },
  },
  {
    id: 'other antenatal, smoker, no CO: test due',
    why: '1.18.1 "at all other antenatal appointments if she smokes"',
    input: { appointment: 'other', selfReport: 'smoker' },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['co-test-due', 'opt-out-referral'],
    },
  },
  {
    id: 'other antenatal, smoker, CO 6: test done, referral, explain reading',
    why: '1.18.1; [S46] referral and explaining the reading',
    input: { appointment: 'other', selfReport: 'smoker', coPpm: 6 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'explain-co-reading'],
    },
  },
  {
    id: 'other antenatal, stopped 14 days ago, no CO: test due (inside the window)',
    why: 'co-test-other-stopped-recently; A9 inclusive',
    input: { appointment: 'other', selfReport: 'ex-smoker', stoppedDaysAgo: 14 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['co-test-due', 'opt-out-referral'],
    },
  },
  {
    id: 'other antenatal, stopped 15 days ago, no CO: no test due (outside the window)',
    why: 'co-test-other-stopped-recently; A9',
    input: { appointment: 'other', selfReport: 'ex-smoker', stoppedDaysAgo: 15 },
    expect: { coTestRequired: false, optOutReferral: false, identifyCoSource: false, prompts: [] },
  },
  {
    id: 'other antenatal, never smoked, an earlier reading of 4: test due',
    why: 'co-test-other-raised-previous-co',
    input: { appointment: 'other', selfReport: 'never', previousCoPpm: [1, 4] },
    expect: {
      coTestRequired: true,
      optOutReferral: false,
      identifyCoSource: false,
      prompts: ['co-test-due'],
    },
  },
  {
    id: 'other antenatal, never smoked, earlier readings of 3: no test due',
    why: 'co-test-other-raised-previous-co (threshold 4 ppm)',
    input: { appointment: 'other', selfReport: 'never', previousCoPpm: [3, 3] },
    expect: { coTestRequired: false, optOutReferral: false, identifyCoSource: false, prompts: [] },
  },
  {
    id: 'other antenatal, referred before and not engaged, no CO: referral, no test due',
    why: '[S46] previously referred, not engaged; not a testing criterion (co-test-other-raised-previous-co)',
    input: { appointment: 'other', selfReport: 'never', previouslyReferredNotEngaged: true },
    expect: {
      coTestRequired: false,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral'],
    },
  },
  {
    id: 'delivery, smoker, no CO: record status at delivery and refer, no CO test',
    why: 'no-co-test-at-delivery-or-postnatal; SATOD [S52]; referral-at-every-appointment',
    input: { appointment: 'delivery', selfReport: 'smoker' },
    expect: {
      coTestRequired: false,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['record-smoking-status-at-delivery', 'opt-out-referral'],
    },
  },
  {
    id: 'delivery, never smoked, CO 1: record status at delivery',
    why: 'SATOD [S52]',
    input: { appointment: 'delivery', selfReport: 'never', coPpm: 1 },
    expect: {
      coTestRequired: false,
      optOutReferral: false,
      identifyCoSource: false,
      prompts: ['record-smoking-status-at-delivery'],
    },
  },
  {
    id: 'delivery, no status, no CO: both status prompts, no CO test',
    why: 'record-smoking-status; SATOD [S52]',
    input: { appointment: 'delivery' },
    expect: {
      coTestRequired: false,
      optOutReferral: false,
      identifyCoSource: false,
      prompts: ['record-smoking-status', 'record-smoking-status-at-delivery'],
    },
  },
  {
    id: 'postnatal, never smoked, no CO: nothing',
    why: 'no-co-test-at-delivery-or-postnatal; postnatal-relapse-prevention not for never smokers',
    input: { appointment: 'postnatal', selfReport: 'never' },
    expect: { coTestRequired: false, optOutReferral: false, identifyCoSource: false, prompts: [] },
  },

  // Opt-out referral [S46]
  {
    id: 'booking, smoker, CO 1: she says she smokes, so referral whatever the reading',
    why: '[S46] say they smoke',
    input: { appointment: 'booking', selfReport: 'smoker', coPpm: 1 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'explain-co-reading'],
    },
  },
  {
    id: 'booking, never smoked, CO 3: identify the source, no referral',
    why: '[S46] non-smoker with 3 ppm or more; referral from 4 ppm',
    input: { appointment: 'booking', selfReport: 'never', coPpm: 3 },
    expect: {
      coTestRequired: true,
      optOutReferral: false,
      identifyCoSource: true,
      prompts: ['identify-co-source'],
    },
  },
  {
    id: 'booking, never smoked, CO 4: referral and identify the source',
    why: '[S46] 4 ppm or above refers; non-smoker with 3 ppm or more',
    input: { appointment: 'booking', selfReport: 'never', coPpm: 4 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: true,
      prompts: ['opt-out-referral', 'explain-co-reading', 'identify-co-source'],
    },
  },
  {
    id: 'booking, never smoked, CO 2: nothing',
    why: '[S46] below 3 ppm',
    input: { appointment: 'booking', selfReport: 'never', coPpm: 2 },
    expect: { coTestRequired: true, optOutReferral: false, identifyCoSource: false, prompts: [] },
  },
  {
    id: 'booking, never smoked, CO 2.9: nothing',
    why: '[S46] below 3 ppm',
    input: { appointment: 'booking', selfReport: 'never', coPpm: 2.9 },
    expect: { coTestRequired: true, optOutReferral: false, identifyCoSource: false, prompts: [] },
  },
  {
    id: 'booking, never smoked, CO 3.9: identify the source, no referral',
    why: '[S46] 3 ppm or more, below 4',
    input: { appointment: 'booking', selfReport: 'never', coPpm: 3.9 },
    expect: {
      coTestRequired: true,
      optOutReferral: false,
      identifyCoSource: true,
      prompts: ['identify-co-source'],
    },
  },
  {
    id: 'booking, stopped today, CO 1: referral',
    why: '[S46] stopped in the past 2 weeks',
    input: { appointment: 'booking', selfReport: 'ex-smoker', stoppedDaysAgo: 0, coPpm: 1 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'explain-co-reading'],
    },
  },
  {
    id: 'booking, stopped 10 days ago, CO 5: the contract example',
    why: '[S46] stopped in the past 2 weeks; 4 ppm or above',
    input: {
      appointment: 'booking',
      selfReport: 'ex-smoker',
      stoppedDaysAgo: 10,
      coPpm: 5,
      previousCoPpm: [1, 1],
      previouslyReferredNotEngaged: false,
    },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'explain-co-reading'],
    },
  },
  {
    id: 'booking, stopped exactly 14 days ago, CO 3: referral, not a non-smoker',
    why: 'opt-out-referral-stopped-recently (A9: 14 days counts); identify-co-source-ex-smoker',
    input: { appointment: 'booking', selfReport: 'ex-smoker', stoppedDaysAgo: 14, coPpm: 3 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'explain-co-reading'],
    },
  },
  {
    id: 'booking, stopped 15 days ago, CO 3: non-smoker, identify the source',
    why: 'A9: 15 days is outside the window; identify-co-source-ex-smoker',
    input: { appointment: 'booking', selfReport: 'ex-smoker', stoppedDaysAgo: 15, coPpm: 3 },
    expect: {
      coTestRequired: true,
      optOutReferral: false,
      identifyCoSource: true,
      prompts: ['identify-co-source'],
    },
  },
  {
    id: 'booking, stopped 15 days ago, CO 2: nothing',
    why: 'A9; [S46] below 3 ppm',
    input: { appointment: 'booking', selfReport: 'ex-smoker', stoppedDaysAgo: 15, coPpm: 2 },
    expect: { coTestRequired: true, optOutReferral: false, identifyCoSource: false, prompts: [] },
  },
  {
    id: 'booking, stopped 400 days ago, CO 4: referral and identify the source',
    why: '[S46] 4 ppm or above; non-smoker with 3 ppm or more',
    input: { appointment: 'booking', selfReport: 'ex-smoker', stoppedDaysAgo: 400, coPpm: 4 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: true,
      prompts: ['opt-out-referral', 'explain-co-reading', 'identify-co-source'],
    },
  },
  {
    id: 'booking, ex-smoker with no stop date, CO 3: ask when, assume nothing',
    why: 'record-when-stopped; identify-co-source-ex-smoker (unknown is neither)',
    input: { appointment: 'booking', selfReport: 'ex-smoker', coPpm: 3 },
    expect: {
      coTestRequired: true,
      optOutReferral: false,
      identifyCoSource: false,
      prompts: ['record-when-stopped'],
    },
  },
  {
    id: 'booking, ex-smoker with no stop date, CO 4: ask when, referral from the reading',
    why: 'record-when-stopped; [S46] 4 ppm or above',
    input: { appointment: 'booking', selfReport: 'ex-smoker', coPpm: 4 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['record-when-stopped', 'opt-out-referral', 'explain-co-reading'],
    },
  },
  {
    id: 'booking, no status, stopped 5 days ago: a recent stop refers her, status still asked',
    why: '[S46] stopped smoking in the past 2 weeks (A9: 0–14 days); record-smoking-status; 1.18.1',
    input: { appointment: 'booking', stoppedDaysAgo: 5 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['record-smoking-status', 'co-test-missing', 'opt-out-referral'],
    },
  },
  {
    id: 'booking, no status, CO 3: never guess',
    why: 'record-smoking-status; [S46] referral only from 4 ppm',
    input: { appointment: 'booking', coPpm: 3 },
    expect: {
      coTestRequired: true,
      optOutReferral: false,
      identifyCoSource: false,
      prompts: ['record-smoking-status'],
    },
  },
  {
    id: 'booking, no status, CO 4: referral from the reading, status still asked',
    why: 'record-smoking-status; [S46] 4 ppm or above',
    input: { appointment: 'booking', coPpm: 4 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['record-smoking-status', 'opt-out-referral', 'explain-co-reading'],
    },
  },
  {
    id: 'booking, no status, no CO: ask status and test',
    why: 'record-smoking-status; 1.18.1',
    input: { appointment: 'booking' },
    expect: {
      coTestRequired: true,
      optOutReferral: false,
      identifyCoSource: false,
      prompts: ['record-smoking-status', 'co-test-missing'],
    },
  },
  {
    id: '36 weeks, never smoked, CO 1, referred before and not engaged: referral',
    why: '[S46] previously given an opt-out referral but not yet engaged',
    input: { appointment: '36-weeks', selfReport: 'never', coPpm: 1, previouslyReferredNotEngaged: true },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'explain-co-reading'],
    },
  },
  {
    id: '36 weeks, never smoked, CO 1, not previously referred: nothing',
    why: '[S46]',
    input: { appointment: '36-weeks', selfReport: 'never', coPpm: 1, previouslyReferredNotEngaged: false },
    expect: { coTestRequired: true, optOutReferral: false, identifyCoSource: false, prompts: [] },
  },

  // CO above 10 ppm: action NOT RETRIEVED (co-above-10-ppm)
  {
    id: 'booking, smoker, CO 10: not above 10',
    why: '[S46] "more than 10 ppm"',
    input: { appointment: 'booking', selfReport: 'smoker', coPpm: 10 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'explain-co-reading'],
    },
  },
  {
    id: 'booking, smoker, CO 11: above 10 flagged, no action invented',
    why: '[S46] "more than 10 ppm"; co-above-10-ppm',
    input: { appointment: 'booking', selfReport: 'smoker', coPpm: 11 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'explain-co-reading', 'co-above-10-ppm'],
    },
  },
  {
    id: 'booking, never smoked, CO 25: referral, identify source, above 10',
    why: '[S46]',
    input: { appointment: 'booking', selfReport: 'never', coPpm: 25 },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: true,
      prompts: ['opt-out-referral', 'explain-co-reading', 'identify-co-source', 'co-above-10-ppm'],
    },
  },

  // In-patient NRT (offer-nrt, unverified)
  {
    id: 'other antenatal, in-patient smoker, CO 5: offer NRT',
    why: 'offer-nrt (seed-features SF-15)',
    input: { appointment: 'other', selfReport: 'smoker', coPpm: 5, inpatient: true },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'explain-co-reading', 'offer-nrt'],
    },
  },
  {
    id: 'other antenatal, in-patient who stopped 3 days ago: no NRT prompt',
    why: 'offer-nrt is for women who say they smoke',
    input: { appointment: 'other', selfReport: 'ex-smoker', stoppedDaysAgo: 3, inpatient: true },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['co-test-due', 'opt-out-referral'],
    },
  },
  {
    id: 'delivery, in-patient smoker: status, referral, NRT',
    why: 'SATOD [S52]; [S46]; offer-nrt',
    input: { appointment: 'delivery', selfReport: 'smoker', inpatient: true },
    expect: {
      coTestRequired: false,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['record-smoking-status-at-delivery', 'opt-out-referral', 'offer-nrt'],
    },
  },
  {
    id: 'other antenatal, smoker not in hospital: no NRT prompt',
    why: 'offer-nrt needs inpatient',
    input: { appointment: 'other', selfReport: 'smoker', coPpm: 5, inpatient: false },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'explain-co-reading'],
    },
  },

  // Quit follow-up (quit-follow-up-4-weeks, quit-follow-up-12-weeks; unverified). 1 March to 29 March is 28 days.
  {
    id: 'quit date 27 days 23 h 59 min ago: nothing yet',
    why: 'quit-follow-up-4-weeks from day 28',
    input: {
      appointment: 'other',
      selfReport: 'ex-smoker',
      stoppedDaysAgo: 27,
      quitDate: '2026-03-01T00:00:00Z',
      now: '2026-03-28T23:59:00Z',
    },
    expect: { coTestRequired: false, optOutReferral: false, identifyCoSource: false, prompts: [] },
  },
  {
    id: 'quit date exactly 28 days ago: 4-week follow-up',
    why: 'quit-follow-up-4-weeks from day 28 inclusive',
    input: {
      appointment: 'other',
      selfReport: 'ex-smoker',
      stoppedDaysAgo: 28,
      quitDate: '2026-03-01T00:00:00Z',
      now: '2026-03-29T00:00:00Z',
    },
    expect: {
      coTestRequired: false,
      optOutReferral: false,
      identifyCoSource: false,
      prompts: ['quit-follow-up-4-weeks'],
    },
  },
  {
    id: 'quit date 83 days ago (23 May): still the 4-week follow-up',
    why: 'quit-follow-up-4-weeks before day 84',
    input: {
      appointment: 'other',
      selfReport: 'ex-smoker',
      stoppedDaysAgo: 83,
      quitDate: '2026-03-01T00:00:00Z',
      now: '2026-05-23T12:00:00Z',
    },
    expect: {
      coTestRequired: false,
      optOutReferral: false,
      identifyCoSource: false,
      prompts: ['quit-follow-up-4-weeks'],
    },
  },
  {
    id: 'quit date 84 days ago (24 May): 12-week follow-up only',
    why: 'quit-follow-up-12-weeks from day 84 inclusive',
    input: {
      appointment: 'other',
      selfReport: 'ex-smoker',
      stoppedDaysAgo: 84,
      quitDate: '2026-03-01T00:00:00Z',
      now: '2026-05-24T00:00:00Z',
    },
    expect: {
      coTestRequired: false,
      optOutReferral: false,
      identifyCoSource: false,
      prompts: ['quit-follow-up-12-weeks'],
    },
  },
  {
    id: 'quit date 28 days ahead, given in another offset: nothing',
    why: 'a future quit date has no follow-up due',
    input: {
      appointment: 'other',
      selfReport: 'smoker',
      coPpm: 8,
      quitDate: '2026-04-26T01:00:00+01:00',
      now: '2026-03-29T00:00:00Z',
    },
    expect: {
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'explain-co-reading'],
    },
  },

  // Postnatal (postnatal-relapse-prevention; unverified)
  {
    id: 'postnatal, smoker: referral and relapse prevention',
    why: 'referral-at-every-appointment; postnatal-relapse-prevention',
    input: { appointment: 'postnatal', selfReport: 'smoker' },
    expect: {
      coTestRequired: false,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'postnatal-relapse-prevention'],
    },
  },
  {
    id: 'postnatal, stopped 100 days ago: relapse prevention',
    why: 'postnatal-relapse-prevention (stopped during pregnancy: stay stopped)',
    input: { appointment: 'postnatal', selfReport: 'ex-smoker', stoppedDaysAgo: 100 },
    expect: {
      coTestRequired: false,
      optOutReferral: false,
      identifyCoSource: false,
      prompts: ['postnatal-relapse-prevention'],
    },
  },
  {
    id: 'postnatal, smoker with a stale stop date: stop date ignored',
    why: 'stopped-days-only-for-ex-smoker (ignored beside "smoker")',
    input: { appointment: 'postnatal', selfReport: 'smoker', stoppedDaysAgo: 300 },
    expect: {
      coTestRequired: false,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: ['opt-out-referral', 'postnatal-relapse-prevention'],
    },
  },
];

describe('NICE-NG209 golden cases (hand-typed from clinical-rules.md §d)', () => {
  it('has unique case ids', () => {
    const ids = CASES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(CASES.map((c) => [c.id, c] as const))('%s', (_id, testCase) => {
    const result = evaluateSmokingCase('NICE-NG209', testCase.input);
    if ('error' in result) throw new Error(`unexpected error: ${result.error}`);
    expect({
      ruleSet: result.ruleSet,
      coTestRequired: result.coTestRequired,
      optOutReferral: result.optOutReferral,
      identifyCoSource: result.identifyCoSource,
      prompts: result.prompts.map((p) => p.code),
    }).toEqual({ ruleSet: 'NICE-NG209', ...testCase.expect });
  });

  it('every prompt code of the rule set is expected by at least one golden case', () => {
    const expected = new Set(CASES.flatMap((c) => c.expect.prompts));
    const codes = ng209RuleSet.rules.flatMap((r) => (r.then.kind === 'prompt' ? [r.then.code] : []));
    expect(codes.filter((code) => !expected.has(code))).toEqual([]);
  });

  it('returns exactly the contract fields, each prompt with a code and plain text', () => {
    const result = evaluateSmokingCase('NICE-NG209', { appointment: 'booking', selfReport: 'smoker' });
    expect(result).toEqual({
      ruleSet: 'NICE-NG209',
      coTestRequired: true,
      optOutReferral: true,
      identifyCoSource: false,
      prompts: [
        { code: 'co-test-missing', text: 'CO test not recorded at booking/36 weeks: test now' },
        { code: 'opt-out-referral', text: expect.stringContaining('opt-out') },
      ],
    });
  });

  it('says no national action is encoded above 10 ppm', () => {
    const result = evaluateSmokingCase('NICE-NG209', {
      appointment: 'booking',
      selfReport: 'smoker',
      coPpm: 12,
    });
    if ('error' in result) throw new Error(result.error);
    const prompt = result.prompts.find((p) => p.code === 'co-above-10-ppm');
    expect(prompt?.text).toMatch(/above 10 ppm/);
    expect(prompt?.text).toMatch(/no specific national action/);
  });

  it('names the CO sources a non-smoker should look for', () => {
    const result = evaluateSmokingCase('NICE-NG209', {
      appointment: 'booking',
      selfReport: 'never',
      coPpm: 3,
    });
    if ('error' in result) throw new Error(result.error);
    const text = result.prompts.find((p) => p.code === 'identify-co-source')?.text ?? '';
    expect(text).toMatch(/second-hand smoke/);
    expect(text).toMatch(/heating appliances/);
    expect(text).toMatch(/traffic/);
  });

  it('does not change its input', () => {
    const input = { appointment: 'other', selfReport: 'never', previousCoPpm: [1, 4] };
    const copy = structuredClone(input);
    evaluateSmokingCase('NICE-NG209', input);
    expect(input).toEqual(copy);
  });
});

describe('NICE-NG209 refuses invalid input, naming the field', () => {
  const INVALID: readonly (readonly [string, unknown, string])[] = [
    ['null', null, 'input'],
    ['an array', [], 'input'],
    ['a string', 'booking', 'input'],
    ['no appointment', {}, 'appointment'],
    ['an unknown appointment', { appointment: 'antenatal' }, 'appointment'],
    ['appointment as a number', { appointment: 36 }, 'appointment'],
    ['an unknown field', { appointment: 'booking', colour: 'red' }, 'colour'],
    ['an unknown selfReport', { appointment: 'booking', selfReport: 'occasional' }, 'selfReport'],
    ['selfReport null', { appointment: 'booking', selfReport: null }, 'selfReport'],
    ['coPpm below 0', { appointment: 'booking', coPpm: -1 }, 'coPpm'],
    ['coPpm above 100', { appointment: 'booking', coPpm: 100.5 }, 'coPpm'],
    ['coPpm as text', { appointment: 'booking', coPpm: '5' }, 'coPpm'],
    ['coPpm not a number', { appointment: 'booking', coPpm: Number.NaN }, 'coPpm'],
    ['coPpm infinite', { appointment: 'booking', coPpm: Number.POSITIVE_INFINITY }, 'coPpm'],
    ['coPpm null', { appointment: 'booking', coPpm: null }, 'coPpm'],
    [
      'stoppedDaysAgo negative',
      { appointment: 'booking', selfReport: 'ex-smoker', stoppedDaysAgo: -1 },
      'stoppedDaysAgo',
    ],
    [
      'stoppedDaysAgo a fraction',
      { appointment: 'booking', selfReport: 'ex-smoker', stoppedDaysAgo: 1.5 },
      'stoppedDaysAgo',
    ],
    [
      'stoppedDaysAgo as text',
      { appointment: 'booking', selfReport: 'ex-smoker', stoppedDaysAgo: '3' },
      'stoppedDaysAgo',
    ],
    [
      'stoppedDaysAgo for a never smoker',
      { appointment: 'booking', selfReport: 'never', stoppedDaysAgo: 5 },
      'stoppedDaysAgo',
    ],
    ['previousCoPpm not a list', { appointment: 'other', previousCoPpm: 4 }, 'previousCoPpm'],
    ['previousCoPpm with text', { appointment: 'other', previousCoPpm: [1, 'x'] }, 'previousCoPpm'],
    ['previousCoPpm out of range', { appointment: 'other', previousCoPpm: [1, 101] }, 'previousCoPpm'],
    [
      'previouslyReferredNotEngaged as text',
      { appointment: 'other', previouslyReferredNotEngaged: 'yes' },
      'previouslyReferredNotEngaged',
    ],
    ['inpatient as a number', { appointment: 'other', inpatient: 1 }, 'inpatient'],
    [
      'quitDate without a time',
      { appointment: 'other', quitDate: '2026-03-01', now: '2026-03-29T00:00:00Z' },
      'quitDate',
    ],
    ['quitDate without now', { appointment: 'other', quitDate: '2026-03-01T00:00:00Z' }, 'now'],
    ['now not an instant', { appointment: 'other', quitDate: '2026-03-01T00:00:00Z', now: 'today' }, 'now'],
  ];

  it.each(INVALID)('%s', (_name, input, field) => {
    const result = evaluateSmokingCase('NICE-NG209', input);
    expect(result).toEqual({ error: expect.stringMatching(new RegExp(`^${field}: `)) });
  });

  it('gives the exact text for an unknown field and an out-of-range reading', () => {
    expect(evaluateSmokingCase('NICE-NG209', { appointment: 'booking', colour: 'red' })).toEqual({
      error: 'colour: unknown field',
    });
    expect(evaluateSmokingCase('NICE-NG209', { appointment: 'booking', coPpm: 101 })).toEqual({
      error: 'coPpm: must be a number from 0 to 100 (leave it out when not recorded)',
    });
  });

  it('accepts the ends of the CO range', () => {
    expect(evaluateSmokingCase('NICE-NG209', { appointment: 'booking', coPpm: 0 })).not.toHaveProperty(
      'error',
    );
    expect(evaluateSmokingCase('NICE-NG209', { appointment: 'booking', coPpm: 100 })).not.toHaveProperty(
      'error',
    );
  });

  it('refuses an unknown rule set before reading the case', () => {
    expect(evaluateSmokingCase('NICE-PH26', { appointment: 'booking' })).toEqual({
      error: 'rules: unknown smoking rule set "NICE-PH26" (known: NICE-NG209)',
    });
    expect(evaluateSmokingCase('nice-ng209', null)).toEqual({
      error: 'rules: unknown smoking rule set "nice-ng209" (known: NICE-NG209)',
    });
  });
});

describe('NICE-NG209 rule set data', () => {
  const { rules } = ng209RuleSet;

  function flagsRead(condition: SmokingCondition): SmokingFlag[] {
    switch (condition.kind) {
      case 'flag':
        return [condition.flag];
      case 'all':
      case 'any':
        return condition.of.flatMap(flagsRead);
      case 'not':
        return flagsRead(condition.condition);
      default:
        return [];
    }
  }

  it('is the only known smoking rule set', () => {
    expect(SMOKING_RULE_SET_IDS).toEqual(['NICE-NG209']);
    expect(ng209RuleSet.id).toBe('NICE-NG209');
  });

  it('has unique rule ids and unique kebab-case prompt codes with text', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const prompts = rules.flatMap((r) => (r.then.kind === 'prompt' ? [r.then] : []));
    expect(new Set(prompts.map((p) => p.code)).size).toBe(prompts.length);
    for (const p of prompts) {
      expect(p.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.text.trim().length).toBeGreaterThan(0);
    }
  });

  it('cites a source for every rule, and says what was chosen for every unverified one', () => {
    for (const rule of rules) {
      expect({ id: rule.id, hasSource: rule.source.trim().length > 0 }).toEqual({
        id: rule.id,
        hasSource: true,
      });
      if (rule.verification === 'unverified')
        expect({ id: rule.id, hasChoice: (rule.choice ?? '').trim().length > 0 }).toEqual({
          id: rule.id,
          hasChoice: true,
        });
    }
    for (const decision of ng209RuleSet.decisions) expect(decision.choice.length).toBeGreaterThan(0);
  });

  it('sets every flag, and every flag is set before any rule reads it', () => {
    const lastSetter = new Map<SmokingFlag, number>();
    rules.forEach((r, i) => {
      if (r.then.kind === 'flag') lastSetter.set(r.then.flag, i);
    });
    expect([...lastSetter.keys()].sort()).toEqual([...SMOKING_FLAGS].sort());
    rules.forEach((r, i) => {
      for (const flag of flagsRead(r.when))
        expect({ rule: r.id, readAfterSet: i > lastSetter.get(flag)! }).toEqual({
          rule: r.id,
          readAfterSet: true,
        });
    });
  });

  it('keeps the sourced thresholds: referral at 4 ppm, non-smoker source at 3 ppm, above 10 ppm, 2 weeks = 14 days', () => {
    const byId = new Map(rules.map((r) => [r.id, r.when]));
    expect(byId.get('opt-out-referral-raised-co')).toEqual({ kind: 'co-at-least', ppm: 4 });
    expect(byId.get('opt-out-referral-stopped-recently')).toEqual({
      kind: 'stopped-within',
      days: 14,
      inclusive: true,
    });
    expect(byId.get('co-above-10-ppm')).toEqual({ kind: 'co-above', ppm: 10 });
    expect(byId.get('identify-co-source-never-smoked')).toEqual({
      kind: 'all',
      of: [
        { kind: 'self-report', in: ['never'] },
        { kind: 'co-at-least', ppm: 3 },
      ],
    });
    expect(byId.get('co-test-routine')).toEqual({ kind: 'appointment', in: ['booking', '36-weeks'] });
  });
});
