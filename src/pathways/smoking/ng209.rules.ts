/*
 * NICE NG209 smoke-free pregnancy pathway (identification and opt-out referral), as data.
 *
 * Source: ../shared/clinical/clinical-rules.md §d (tags [S42]–[S53]) and ambiguities A8–A10. NG209 1.18.1 was
 * retrieved only in part: the "other antenatal appointments" criteria are cut off after "smokes, or is quitting",
 * the action for a CO reading above 10 ppm is cut off, and the NRT, quit-date and postnatal relapse-prevention
 * recommendations were not retrieved at all. Rules for those are Beacon's choices, marked `unverified`, each with
 * a `choice` saying what was chosen and why.
 *
 * `verified`: every value in the rule is stated in the retrieved source text. `unverified`: something in it was
 * chosen by Beacon (a boundary, a criterion, a trigger). A rule that tests a flag relies on the rules that set it;
 * its own verification covers only what it adds.
 *
 * Rules are read top to bottom. Flag rules come first; prompts are listed in the order the result shows them.
 */

export type Verification = 'verified' | 'unverified';

export const APPOINTMENTS = ['booking', '36-weeks', 'other', 'delivery', 'postnatal'] as const;
export type Appointment = (typeof APPOINTMENTS)[number];

export const SELF_REPORTS = ['smoker', 'ex-smoker', 'never'] as const;
export type SelfReport = (typeof SELF_REPORTS)[number];

export const SMOKING_FLAGS = ['coTestRequired', 'optOutReferral', 'identifyCoSource'] as const;
export type SmokingFlag = (typeof SMOKING_FLAGS)[number];

/** The vocabulary rules are written in. A missing reading never satisfies a threshold. */
export type SmokingCondition =
  | { readonly kind: 'appointment'; readonly in: readonly Appointment[] }
  | { readonly kind: 'self-report'; readonly in: readonly SelfReport[] }
  | { readonly kind: 'self-report-not-recorded' }
  /** An ex-smoker whose recorded stop was at most (inclusive) or under `days` days ago. */
  | { readonly kind: 'stopped-within'; readonly days: number; readonly inclusive: boolean }
  | { readonly kind: 'stop-recorded' }
  | { readonly kind: 'co-recorded' }
  | { readonly kind: 'co-at-least'; readonly ppm: number }
  | { readonly kind: 'co-above'; readonly ppm: number }
  | { readonly kind: 'previous-co-at-least'; readonly ppm: number }
  | { readonly kind: 'previously-referred-not-engaged' }
  | { readonly kind: 'inpatient' }
  /** Whole days from the quit date to now: from ≤ days (< before). */
  | { readonly kind: 'days-since-quit-date'; readonly from: number; readonly before?: number }
  | { readonly kind: 'flag'; readonly flag: SmokingFlag }
  | { readonly kind: 'all'; readonly of: readonly SmokingCondition[] }
  | { readonly kind: 'any'; readonly of: readonly SmokingCondition[] }
  | { readonly kind: 'not'; readonly condition: SmokingCondition };

export type SmokingEffect =
  | { readonly kind: 'flag'; readonly flag: SmokingFlag }
  | { readonly kind: 'prompt'; readonly code: string; readonly text: string };

export interface SmokingRule {
  readonly id: string;
  readonly when: SmokingCondition;
  readonly then: SmokingEffect;
  /** The source row, with the tags of clinical-rules.md. */
  readonly source: string;
  readonly verification: Verification;
  /** Required when unverified: what Beacon chose and why. */
  readonly choice?: string;
}

/** A choice about the whole rule set that no single rule carries (for example what is deliberately absent). */
export interface SmokingDecision {
  readonly id: string;
  readonly choice: string;
  readonly source: string;
}

export interface SmokingRuleSet {
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly file: string;
  readonly source: string;
  readonly verification: Verification;
  readonly verificationNote: string;
  readonly rules: readonly SmokingRule[];
  readonly decisions: readonly SmokingDecision[];
}

const CO_REFERRAL_PPM = 4;
const CO_SOURCE_NON_SMOKER_PPM = 3;
const CO_ABOVE_PPM = 10;
const ROUTINE_CO_TEST_APPOINTMENTS: readonly Appointment[] = ['booking', '36-weeks'];

/** "Stopped smoking in the past 2 weeks" [S46]; exactly 14 days counts (A9, see opt-out-referral-stopped-recently). */
const STOPPED_RECENTLY: SmokingCondition = { kind: 'stopped-within', days: 14, inclusive: true };

/** Never smoked, or an ex-smoker whose recorded stop is outside the 2-week window. Unknown is neither. */
const KNOWN_EX_SMOKER_OUTSIDE_WINDOW: SmokingCondition = {
  kind: 'all',
  of: [
    { kind: 'self-report', in: ['ex-smoker'] },
    { kind: 'stop-recorded' },
    { kind: 'not', condition: STOPPED_RECENTLY },
  ],
};

const rules: readonly SmokingRule[] = [
  // CO testing (NG209 1.18.1; A8: current wording, not the pre-2023 "all antenatal appointments")
  {
    id: 'co-test-routine',
    when: { kind: 'appointment', in: ROUTINE_CO_TEST_APPOINTMENTS },
    then: { kind: 'flag', flag: 'coTestRequired' },
    source:
      'NICE NG209 1.18.1 [S42][S43]: routine CO testing at the first antenatal appointment and at the 36-week appointment; A8',
    verification: 'verified',
  },
  {
    id: 'co-test-other-smoker',
    when: {
      kind: 'all',
      of: [
        { kind: 'appointment', in: ['other'] },
        { kind: 'self-report', in: ['smoker'] },
      ],
    },
    then: { kind: 'flag', flag: 'coTestRequired' },
    source: 'NICE NG209 1.18.1 [S42][S43]: CO testing at all other antenatal appointments if she smokes',
    verification: 'verified',
  },
  {
    id: 'co-test-other-stopped-recently',
    when: { kind: 'all', of: [{ kind: 'appointment', in: ['other'] }, STOPPED_RECENTLY] },
    then: { kind: 'flag', flag: 'coTestRequired' },
    source:
      'NICE NG209 1.18.1 [S42][S43] "or is quitting" (rest cut off); recent stopping from the secondary summary [S46]',
    verification: 'unverified',
    choice:
      '"Is quitting" is read as an ex-smoker who stopped within the same 2-week window as the referral rule (14 days inclusive, A9). The retrieved 1.18.1 text is cut off after "or is quitting"; the secondary summary lists recent stopping among the criteria.',
  },
  {
    id: 'co-test-other-raised-previous-co',
    when: {
      kind: 'all',
      of: [
        { kind: 'appointment', in: ['other'] },
        { kind: 'previous-co-at-least', ppm: CO_REFERRAL_PPM },
      ],
    },
    then: { kind: 'flag', flag: 'coTestRequired' },
    source:
      'NICE NG209 1.18.1 [S42][S43] (criteria cut off); January 2023 change [S45]; referral threshold 4 ppm [S46]',
    verification: 'unverified',
    choice:
      'The remaining 1.18.1 criteria were not retrieved. Beacon also tests at other antenatal appointments when any earlier reading in this pregnancy was 4 ppm or more (the referral threshold), because the 2023 change reduced tests only for women with low readings and no history of smoking. Being previously referred but not engaged is not used as a testing criterion: no retrieved text says so.',
  },

  // Opt-out referral to stop-smoking support [S46]
  {
    id: 'opt-out-referral-smoker',
    when: { kind: 'self-report', in: ['smoker'] },
    then: { kind: 'flag', flag: 'optOutReferral' },
    source: 'NICE NG209 opt-out referral criteria [S46] (clinical-rules.md §d.1): she says she smokes',
    verification: 'verified',
  },
  {
    id: 'opt-out-referral-stopped-recently',
    when: STOPPED_RECENTLY,
    then: { kind: 'flag', flag: 'optOutReferral' },
    source: 'NICE NG209 opt-out referral criteria [S46]: has stopped smoking in the past 2 weeks; A9',
    verification: 'unverified',
    choice:
      'A9: the source does not say whether exactly 14 days counts. Beacon counts it (stopped 0–14 days ago refers; 15 days does not), the side that refers more: an unneeded opt-out referral can be declined, a missed one cannot be noticed. Stopped days are whole days, as recorded.',
  },
  {
    id: 'opt-out-referral-raised-co',
    when: { kind: 'co-at-least', ppm: CO_REFERRAL_PPM },
    then: { kind: 'flag', flag: 'optOutReferral' },
    source:
      'NICE NG209 opt-out referral criteria [S46]: CO reading of 4 ppm or above; MNHSC driver diagram "4ppm or above" (seed-features SF-02)',
    verification: 'verified',
  },
  {
    id: 'opt-out-referral-not-engaged',
    when: { kind: 'previously-referred-not-engaged' },
    then: { kind: 'flag', flag: 'optOutReferral' },
    source:
      'NICE NG209 opt-out referral criteria [S46]: previously given an opt-out referral but not yet engaged',
    verification: 'verified',
  },

  // Non-smoker with a raised CO reading [S46]
  {
    id: 'identify-co-source-never-smoked',
    when: {
      kind: 'all',
      of: [
        { kind: 'self-report', in: ['never'] },
        { kind: 'co-at-least', ppm: CO_SOURCE_NON_SMOKER_PPM },
      ],
    },
    then: { kind: 'flag', flag: 'identifyCoSource' },
    source: 'NICE NG209 [S46]: a non-smoker with a CO reading of 3 ppm or more',
    verification: 'verified',
  },
  {
    id: 'identify-co-source-ex-smoker',
    when: {
      kind: 'all',
      of: [KNOWN_EX_SMOKER_OUTSIDE_WINDOW, { kind: 'co-at-least', ppm: CO_SOURCE_NON_SMOKER_PPM }],
    },
    then: { kind: 'flag', flag: 'identifyCoSource' },
    source: 'NICE NG209 [S46]: a non-smoker with a CO reading of 3 ppm or more',
    verification: 'unverified',
    choice:
      'An ex-smoker counts as a non-smoker only when her recorded stop is outside the 2-week window (15 days or more ago); inside it she is treated as having recently stopped and is referred. An ex-smoker with no recorded stop is neither (never guessed): see record-when-stopped.',
  },

  // Prompts, in the order they are shown
  {
    id: 'record-smoking-status',
    when: { kind: 'self-report-not-recorded' },
    then: {
      kind: 'prompt',
      code: 'record-smoking-status',
      text: 'Smoking status not recorded: ask whether she smokes, has stopped or has never smoked, and record it.',
    },
    source:
      'MNHSC driver diagram: "record smoking status and outcomes of CO monitoring" (seed-features SF-04, SF-18); MSDS self-declared status [S51]',
    verification: 'unverified',
    choice:
      'Beacon never guesses smoking status: with no self-report, only the CO criteria and a previous referral can decide, and this prompt asks for the status to be recorded.',
  },
  {
    id: 'record-smoking-status-at-delivery',
    when: { kind: 'appointment', in: ['delivery'] },
    then: {
      kind: 'prompt',
      code: 'record-smoking-status-at-delivery',
      text: 'Record her smoking status at the time of delivery (national measure: smoking at time of delivery, SATOD).',
    },
    source:
      'SATOD, the national measure of maternal smoking [S52] (clinical-rules.md §d.2); "Proportion of women who smoke at time of delivery" (seed-features SF-07, M-03)',
    verification: 'verified',
  },
  {
    id: 'record-when-stopped',
    when: {
      kind: 'all',
      of: [
        { kind: 'self-report', in: ['ex-smoker'] },
        { kind: 'not', condition: { kind: 'stop-recorded' } },
      ],
    },
    then: {
      kind: 'prompt',
      code: 'record-when-stopped',
      text: 'She has stopped smoking but the date is not recorded: ask when she stopped and record it. Stopping in the past 2 weeks means an opt-out referral.',
    },
    source: 'NICE NG209 opt-out referral criteria [S46]: stopped smoking in the past 2 weeks',
    verification: 'unverified',
    choice:
      'Without a stop date Beacon cannot tell a recent quitter from a long-term ex-smoker, so it asks rather than assumes either way.',
  },
  {
    id: 'co-test-missing',
    when: {
      kind: 'all',
      of: [
        { kind: 'appointment', in: ROUTINE_CO_TEST_APPOINTMENTS },
        { kind: 'not', condition: { kind: 'co-recorded' } },
      ],
    },
    then: {
      kind: 'prompt',
      code: 'co-test-missing',
      text: 'CO test not recorded at booking/36 weeks: test now',
    },
    source:
      'NICE NG209 1.18.1 [S42][S43]: routine CO testing at the first antenatal and 36-week appointments; seed-features SF-01, SF-06',
    verification: 'verified',
  },
  {
    id: 'co-test-due',
    when: {
      kind: 'all',
      of: [
        { kind: 'appointment', in: ['other'] },
        { kind: 'flag', flag: 'coTestRequired' },
        { kind: 'not', condition: { kind: 'co-recorded' } },
      ],
    },
    then: {
      kind: 'prompt',
      code: 'co-test-due',
      text: 'CO test due at this appointment (she smokes, has recently stopped or has had a raised CO reading): test now.',
    },
    source:
      'NICE NG209 1.18.1 [S42][S43]: CO testing at other antenatal appointments for those who meet the criteria',
    verification: 'verified',
  },
  {
    id: 'opt-out-referral',
    when: { kind: 'flag', flag: 'optOutReferral' },
    then: {
      kind: 'prompt',
      code: 'opt-out-referral',
      text: 'Refer her to specialist stop-smoking support on an opt-out basis: the referral goes ahead unless she declines. Explain that referring everyone who smokes or has recently stopped is normal practice.',
    },
    source:
      'NICE NG209 [S46]: opt-out referral; explain that referring all who smoke or have recently quit is normal practice',
    verification: 'verified',
  },
  {
    id: 'explain-co-reading',
    when: {
      kind: 'all',
      of: [{ kind: 'flag', flag: 'optOutReferral' }, { kind: 'co-recorded' }],
    },
    then: {
      kind: 'prompt',
      code: 'explain-co-reading',
      text: 'Explain what her CO reading means, taking into account the time since her last cigarette and how many she has smoked today.',
    },
    source:
      'NICE NG209 [S46]: explain what the CO reading means, taking into account time since the last cigarette and the number smoked that day',
    verification: 'unverified',
    choice:
      'Shown when a CO reading is recorded and she is being referred: the summary gives this advice as part of the referral conversation. A non-smoker with a raised reading gets identify-co-source instead; a low reading in a woman not being referred gets no prompt.',
  },
  {
    id: 'identify-co-source',
    when: { kind: 'flag', flag: 'identifyCoSource' },
    then: {
      kind: 'prompt',
      code: 'identify-co-source',
      text: 'She does not smoke but her CO reading is 3 ppm or more: help her identify the source of carbon monoxide and reduce it (for example second-hand smoke, heating appliances, traffic).',
    },
    source: 'NICE NG209 [S46]: non-smoker with CO 3 ppm or more, help identify and reduce the source',
    verification: 'verified',
  },
  {
    id: 'co-above-10-ppm',
    when: { kind: 'co-above', ppm: CO_ABOVE_PPM },
    then: {
      kind: 'prompt',
      code: 'co-above-10-ppm',
      text: 'CO reading above 10 ppm. The NICE recommendation for readings above 10 ppm was not retrieved: Beacon encodes no specific national action for this level.',
    },
    source: 'NICE NG209 [S46]: CO "more than 10 ppm" (action cut off in the retrieved text: NOT RETRIEVED)',
    verification: 'unverified',
    choice:
      'The threshold (more than 10 ppm, so 10 itself is not above) is stated; the action is not. Beacon shows the reading is above 10 ppm and says no action is encoded, rather than inventing one or staying silent.',
  },
  {
    id: 'offer-nrt',
    when: {
      kind: 'all',
      of: [{ kind: 'inpatient' }, { kind: 'self-report', in: ['smoker'] }],
    },
    then: {
      kind: 'prompt',
      code: 'offer-nrt',
      text: 'She smokes and is an in-patient: offer nicotine replacement therapy while she is in hospital.',
    },
    source:
      'MNHSC driver diagram: NRT "available on hospital formulary for pregnant women admitted as in-patients and on postnatal wards" (seed-features SF-15); all services offered NRT [S53]; NG209 NRT text NOT RETRIEVED (§d.3)',
    verification: 'unverified',
    choice:
      'NG209 NRT wording was not retrieved. Beacon prompts for any in-patient who says she smokes (the ward prompt of seed-features SF-15); products and doses are not encoded.',
  },
  {
    id: 'quit-follow-up-4-weeks',
    when: { kind: 'days-since-quit-date', from: 28, before: 84 },
    then: {
      kind: 'prompt',
      code: 'quit-follow-up-4-weeks',
      text: 'Four weeks since her quit date: check and record whether she is still smoke-free.',
    },
    source:
      'MNHSC measure "quit at 4 weeks, 12 weeks or end of pregnancy" (seed-features SF-11); measure definitions NOT RETRIEVED (clinical-rules.md §d.2)',
    verification: 'unverified',
    choice:
      'The definition of "quit at 4 weeks" and any CO cut-off for a validated quit were not retrieved; none is assumed. Due from day 28 after the quit date (inclusive) until the 12-week check takes over at day 84; whole days from quitDate to now.',
  },
  {
    id: 'quit-follow-up-12-weeks',
    when: { kind: 'days-since-quit-date', from: 84 },
    then: {
      kind: 'prompt',
      code: 'quit-follow-up-12-weeks',
      text: 'Twelve weeks since her quit date: check and record whether she is still smoke-free.',
    },
    source:
      'MNHSC measure "quit at 4 weeks, 12 weeks or end of pregnancy" (seed-features SF-11); measure definitions NOT RETRIEVED (clinical-rules.md §d.2)',
    verification: 'unverified',
    choice:
      'Due from day 84 after the quit date (inclusive). Beacon has no record of a completed follow-up, so the caller stops sending quitDate once the 12-week status is recorded.',
  },
  {
    id: 'postnatal-relapse-prevention',
    when: {
      kind: 'all',
      of: [
        { kind: 'appointment', in: ['postnatal'] },
        { kind: 'self-report', in: ['smoker', 'ex-smoker'] },
      ],
    },
    then: {
      kind: 'prompt',
      code: 'postnatal-relapse-prevention',
      text: 'After the birth: if she has stopped, support her to stay smoke-free; if she smokes, re-engage her with stop-smoking support and give advice on keeping a smokefree home for the baby.',
    },
    source:
      'MNHSC driver diagram: re-engage women who may have relapsed; post-partum support to prevent relapse; smokefree homes (seed-features SF-12, SF-17); NG209 scope includes the first year after childbirth [S43]; NG209 relapse-prevention text NOT RETRIEVED (§d.3)',
    verification: 'unverified',
    choice:
      'NG209 postnatal relapse-prevention text was not retrieved. Beacon prompts at a postnatal appointment for a woman who smokes (re-engage) or has stopped (stay stopped), following the driver diagram; a woman who never smoked gets no prompt.',
  },
];

export const ng209RuleSet: SmokingRuleSet = {
  id: 'NICE-NG209',
  title: 'NICE NG209 smoke-free pregnancy pathway: CO testing, opt-out referral and follow-up prompts',
  version: '2025-02+beacon.1',
  file: 'src/pathways/smoking/ng209.rules.ts',
  source:
    'NICE NG209 Tobacco: preventing uptake, promoting quitting and treating dependence, section 1.18 (2021, updated 2023 and 2025) [S42][S43][S45]; opt-out referral criteria as summarised in [S46] (clinical-rules.md §d)',
  verification: 'unverified',
  verificationNote:
    'CO testing at booking and 36 weeks, the referral criteria and the 3 ppm non-smoker rule are transcribed; the other-appointment testing criteria, the 14-day boundary (A9), the NRT, quit follow-up and postnatal prompts are Beacon choices (see each rule).',
  rules,
  decisions: [
    {
      id: 'no-co-test-at-delivery-or-postnatal',
      choice:
        'coTestRequired is false at delivery and postnatal appointments: NG209 1.18.1 is about antenatal appointments. At delivery the prompt is to record smoking status (record-smoking-status-at-delivery) instead.',
      source: 'NICE NG209 1.18.1 [S42][S43]; SATOD [S52]',
    },
    {
      id: 'referral-at-every-appointment',
      choice:
        'The opt-out referral criteria apply at every appointment kind, delivery and postnatal included: the retrieved criteria name no appointment, and the NG209 chapter covers the first year after childbirth.',
      source: 'NICE NG209 [S43][S46]',
    },
    {
      id: 'stopped-days-only-for-ex-smoker',
      choice:
        'stoppedDaysAgo counts only for an ex-smoker. Beside "smoker" it is ignored (she smokes now, so an earlier stop has lapsed and she is referred anyway). Beside "never" it is refused as a contradiction. With no status recorded it still counts (a recorded stop means she smoked until then), so a recent stop refers her; the status prompt asks for it to be recorded.',
      source: 'Beacon input rule (contract); NICE NG209 [S46] "stopped smoking in the past 2 weeks"',
    },
    {
      id: 'no-brief-intervention-wording',
      choice:
        'No Very Brief Advice or brief-intervention wording is encoded: the NG209 text was not retrieved (clinical-rules.md §d.3).',
      source: 'clinical-rules.md §d.3',
    },
  ],
};
