/**
 * The measures, as data: what each counts, over what, what it leaves out, which way is better and which events it
 * reads. The wording is the seed documents' own (shared/clinical/seed-features.md §(e)); where the seeds give no
 * denominator or definition (N-12), the choice Beacon made is written out in the numerator/denominator/exclusions.
 * Bump `version` whenever a definition changes: a MeasureReport names the version that produced it.
 */

export type MeasureUnit = 'proportion' | 'count' | 'minutes' | 'per-100-sets';

export interface MeasureDefinition {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  /** The seed's exact words (empty for Beacon's own escalation and balancing measures). */
  readonly seedWording: string;
  /** The seed file the wording comes from, or why Beacon adds the measure. */
  readonly source: string;
  readonly numerator: string;
  /** null for counts and times (XmR charts). */
  readonly denominator: string | null;
  readonly exclusions: string;
  readonly period: 'month';
  readonly unit: MeasureUnit;
  readonly chart: 'p' | 'xmr';
  /** null for a balancing measure, where neither way is better. */
  readonly improvement: 'up' | 'down' | null;
  readonly eventsRead: readonly string[];
  /** Ward and unit, or the unit only (for measures of Beacon's own use). */
  readonly breakdown: 'ward' | 'unit';
  /** Counts about patients: fewer than 5 (but not 0) are shown as "< 5". */
  readonly suppressSmallNumbers: boolean;
  readonly group: 'escalation' | 'omitted-care' | 'smoke-free' | 'preterm' | 'programme';
  /** A target the seeds state (a proportion for p-charts), for the assurance icon; none unless sourced. */
  readonly target?: { readonly value: number; readonly source: string };
}

/** A measure the seeds name and Beacon's own data could compute, but does not yet: why not. */
export interface MeasureNotComputed {
  readonly id: string;
  readonly seedWording: string;
  readonly source: string;
  readonly reason: string;
}

const SMOKING_SEED = '000_dfecacafab6db0d0.txt (smoke-free pregnancy driver diagram)';
const PRETERM_SEED = '003_fdee9da104ea2fe6.txt (MatNeoSIP progress report, preterm optimisation)';
const ESCALATION_EVENTS = [
  'alert.raised',
  'alert.acknowledged',
  'alert.responded',
  'alert.retracted',
  'alert.superseded',
];
const PRETERM_EVENTS = [
  'Patient (birth time, mother)',
  'gestation readings',
  'pathway clinical events (medicines, cord clamping, neonatal admission, feeds, ventilation)',
  'newborn temperatures',
];
const PRETERM_EXCLUSIONS =
  'Babies not eligible for the intervention under the unit rule set (BEACON_PRETERM_RULE_SET), or whose eligibility is not known (no gestation). An eligible baby with nothing recorded counts in the denominator and not the numerator.';

function pretermRate(
  id: string,
  intervention: string,
  title: string,
  seedWording: string,
  standard: string,
): MeasureDefinition {
  return {
    id,
    version: '1',
    title,
    seedWording,
    source: PRETERM_SEED,
    numerator: `Babies born in the month, eligible for ${intervention}, for whom the rule set's standard was met (${standard}).`,
    denominator: `Babies born in the month eligible for ${intervention} under the unit's preterm rule set.`,
    exclusions: PRETERM_EXCLUSIONS,
    period: 'month',
    unit: 'proportion',
    chart: 'p',
    improvement: 'up',
    eventsRead: PRETERM_EVENTS,
    breakdown: 'ward',
    suppressSmallNumbers: true,
    group: 'preterm',
  };
}

export const MEASURES: readonly MeasureDefinition[] = [
  {
    id: 'ESC-ACK',
    version: '1',
    title: 'Time from raise to acknowledgement',
    seedWording: '',
    source: 'Issue 18: escalation timeliness (time from raise to acknowledgement against the ward ladder)',
    numerator:
      'Mean minutes from raise to the first acknowledgement, over the escalations raised in the month and acknowledged.',
    denominator: null,
    exclusions:
      'Prompts, overdue-observation and processing-failure alerts; alerts retracted (entered in error); alerts never acknowledged.',
    period: 'month',
    unit: 'minutes',
    chart: 'xmr',
    improvement: 'down',
    eventsRead: ESCALATION_EVENTS,
    breakdown: 'ward',
    suppressSmallNumbers: true,
    group: 'escalation',
  },
  {
    id: 'ESC-REVIEW',
    version: '1',
    title: 'Time from raise to review (first response)',
    seedWording: '',
    source: 'Issue 18: escalation timeliness (time from raise to review)',
    numerator:
      'Mean minutes from raise to the first response (attending, escalating or not required), over the escalations raised in the month that had one.',
    denominator: null,
    exclusions: 'As ESC-ACK; escalations with no response.',
    period: 'month',
    unit: 'minutes',
    chart: 'xmr',
    improvement: 'down',
    eventsRead: ESCALATION_EVENTS,
    breakdown: 'ward',
    suppressSmallNumbers: true,
    group: 'escalation',
  },
  {
    id: 'ESC-REVIEW-ON-TIME',
    version: '1',
    title: 'Escalations reviewed within the chart’s review time',
    seedWording: '',
    source: 'Issue 18: escalation timeliness against the targets (the chart response’s "review within")',
    numerator:
      'Escalations raised in the month whose first response came within the chart’s review time for the level raised.',
    denominator:
      'Escalations raised in the month with a review time, that were responded to or whose review time has passed.',
    exclusions:
      'Levels with no review time; escalations retracted (entered in error); escalations whose review time has not yet passed.',
    period: 'month',
    unit: 'proportion',
    chart: 'p',
    improvement: 'up',
    eventsRead: ESCALATION_EVENTS,
    breakdown: 'ward',
    suppressSmallNumbers: true,
    group: 'escalation',
  },
  {
    id: 'BAL-ALERT-BURDEN',
    version: '1',
    title: 'Alert burden: deterioration alerts per 100 observation sets',
    seedWording: '',
    source: 'Issue 18: a balancing measure (alert fatigue)',
    numerator: '100 × deterioration alerts raised in the month.',
    denominator: 'Observation sets scored in the month (the value is numerator / denominator).',
    exclusions: 'Sets retracted (every reading entered in error); alerts retracted.',
    period: 'month',
    unit: 'per-100-sets',
    chart: 'xmr',
    improvement: null,
    eventsRead: ['set.scored', 'alert.raised'],
    breakdown: 'ward',
    suppressSmallNumbers: false,
    group: 'escalation',
  },
  {
    id: 'M-37',
    version: '1',
    title: 'Staff escalating concerns',
    seedWording: 'Increased number of staff escalating concerns across 16 units',
    source: '001_0f2b40cf6b4e2a42.txt (Each Baby Counts Learn & Support logic model)',
    numerator:
      'Distinct members of staff who, in the month, raised a worry or concern or answered an alert with "escalating".',
    denominator: null,
    exclusions:
      'Concerns and escalations recorded by a system or an EPR client rather than a signed-in member of staff.',
    period: 'month',
    unit: 'count',
    chart: 'xmr',
    improvement: 'up',
    eventsRead: ['concern.raised', 'alert.escalated (reason requested)'],
    breakdown: 'ward',
    suppressSmallNumbers: false,
    group: 'escalation',
  },
  {
    id: 'M-20',
    version: '1',
    title: 'Omitted care',
    seedWording: 'Proportion of occasions care/intervention is omitted within the pathway',
    source: SMOKING_SEED,
    numerator:
      'M-20.1 + M-20.2 + M-20.3 numerators: overdue observation sets, escalations not acknowledged within the ladder’s first step, prompts missed.',
    denominator:
      'M-20.1 + M-20.2 + M-20.3 denominators: observation sets due (scored + overdue), escalations whose first-step deadline passed or that were acknowledged, prompts closed.',
    exclusions: 'As the three parts.',
    period: 'month',
    unit: 'proportion',
    chart: 'p',
    improvement: 'down',
    eventsRead: ['set.scored', 'alert.raised', 'alert.acknowledged', 'prompt.recorded', 'prompt.missed'],
    breakdown: 'ward',
    suppressSmallNumbers: true,
    group: 'omitted-care',
  },
  {
    id: 'M-20.1',
    version: '1',
    title: 'Omitted care: observations overdue',
    seedWording: 'Proportion of occasions care/intervention is omitted within the pathway',
    source: SMOKING_SEED,
    numerator: '"Observations overdue" alerts raised in the month.',
    denominator:
      'Observation sets scored in the month plus the overdue alerts (each an occasion a set was due).',
    exclusions: 'Sets retracted.',
    period: 'month',
    unit: 'proportion',
    chart: 'p',
    improvement: 'down',
    eventsRead: ['set.scored', 'alert.raised (overdue)'],
    breakdown: 'ward',
    suppressSmallNumbers: true,
    group: 'omitted-care',
  },
  {
    id: 'M-20.2',
    version: '1',
    title: 'Omitted care: escalations not acknowledged within the ladder’s first step',
    seedWording: 'Proportion of occasions care/intervention is omitted within the pathway',
    source: SMOKING_SEED,
    numerator:
      'Escalations raised in the month acknowledged after the first step’s deadline, or not at all once it passed.',
    denominator:
      'Escalations raised in the month that were acknowledged or whose first-step deadline passed.',
    exclusions:
      'Alerts retracted (entered in error); alerts with no deadline; alerts closed before their deadline without an acknowledgement; deadlines not yet passed.',
    period: 'month',
    unit: 'proportion',
    chart: 'p',
    improvement: 'down',
    eventsRead: ESCALATION_EVENTS,
    breakdown: 'ward',
    suppressSmallNumbers: true,
    group: 'omitted-care',
  },
  {
    id: 'M-20.3',
    version: '1',
    title: 'Omitted care: pathway prompts missed',
    seedWording: 'Proportion of occasions care/intervention is omitted within the pathway',
    source: SMOKING_SEED,
    numerator: 'Pathway prompts closed in the month as missed (window passed, or "not done" with a reason).',
    denominator: 'Pathway prompts closed in the month as recorded or missed.',
    exclusions: 'Prompts withdrawn (no longer indicated, retracted) and prompts still open.',
    period: 'month',
    unit: 'proportion',
    chart: 'p',
    improvement: 'down',
    eventsRead: ['prompt.recorded', 'prompt.missed'],
    breakdown: 'ward',
    suppressSmallNumbers: true,
    group: 'omitted-care',
  },
  {
    id: 'M-09',
    version: '1',
    title: 'Women with elevated CO referred',
    seedWording:
      'Proportion of women with elevated CO levels referred for specialist stop smoking interventions',
    source: SMOKING_SEED,
    numerator:
      'Of the denominator, women with an opt-out referral recorded on or after that reading and within 30 days.',
    denominator:
      'Women with a carbon monoxide reading of 4 ppm or more (the opt-out referral threshold) in the month; each woman once, at her first such reading.',
    exclusions:
      'None; a woman who declines is still in the denominator (declining follows an opt-out referral).',
    period: 'month',
    unit: 'proportion',
    chart: 'p',
    improvement: 'up',
    eventsRead: ['carbonMonoxidePpm readings', 'referral.recorded'],
    breakdown: 'ward',
    suppressSmallNumbers: true,
    group: 'smoke-free',
  },
  {
    id: 'M-10',
    version: '1',
    title: 'Women who smoke referred',
    seedWording: 'Proportion of women referred to specialist stop smoking support',
    source: SMOKING_SEED,
    numerator:
      'Of the denominator, women with an opt-out referral recorded on or after being identified and within 30 days.',
    denominator:
      'Women identified as smoking in the month: a self-reported "smoker" status or a CO reading of 4 ppm or more; each woman once, at the first.',
    exclusions: 'Ex-smokers and women who never smoked with CO under 4 ppm.',
    period: 'month',
    unit: 'proportion',
    chart: 'p',
    improvement: 'up',
    eventsRead: ['smokingStatus readings', 'carbonMonoxidePpm readings', 'referral.recorded'],
    breakdown: 'ward',
    suppressSmallNumbers: true,
    group: 'smoke-free',
  },
  pretermRate(
    'M-40',
    'antenatal corticosteroids',
    'Antenatal steroids',
    'Percentage of eligible babies receiving steroids',
    'the rule set’s course and timing',
  ),
  pretermRate(
    'M-41',
    'birth in a maternity service on the same site as a NICU',
    'Optimal place of birth',
    'Percentage of eligible babies receiving optimal place of birth',
    'born on a NICU site',
  ),
  pretermRate(
    'M-42',
    'magnesium sulphate',
    'Magnesium sulphate',
    'Percentage of eligible babies receiving magnesium sulphate',
    'within the rule set’s window before birth',
  ),
  {
    ...pretermRate(
      'M-43',
      'optimal cord management',
      'Optimal cord management',
      'Percentage of eligible babies receiving optimal cord management',
      'cord clamped at or after 60 seconds',
    ),
    target: {
      value: 0.95,
      source:
        '003_fdee9da104ea2fe6.txt: a unit SMART aim "from 75% to 95% in 3 months" (a local aim quoted in the seed, not a national standard)',
    },
  },
  {
    ...pretermRate(
      'M-44',
      'normothermia',
      'Normothermia',
      'Percentage of eligible babies receiving normothermia',
      'a temperature of 36.5–37.5 °C within the first hour / on admission',
    ),
    target: {
      value: 0.95,
      source:
        '003_fdee9da104ea2fe6.txt: "95% of babies born less than 32 weeks gestational age" to have a temperature of 36.5-37.5 in the first hour of life',
    },
  },
  pretermRate(
    'M-46.IAB',
    'intrapartum antibiotics',
    'Intrapartum antibiotics',
    'National optimisation intervention rates',
    'as the rule set defines',
  ),
  pretermRate(
    'M-48.CAFFEINE',
    'caffeine',
    'Caffeine',
    'report caffeine and VTV data within the QART',
    'within the rule set’s window after birth',
  ),
  pretermRate(
    'M-48.VTV',
    'volume-targeted ventilation',
    'Volume-targeted ventilation',
    'report caffeine and VTV data within the QART',
    'volume-targeted mode when ventilated',
  ),
  pretermRate(
    'M-49',
    'maternal breast milk',
    'Own mother’s milk within 24 hours',
    "Babies born below 34 weeks gestational age should receive their own mother's milk within 24 hours of birth.",
    'within 24 hours of birth',
  ),
  {
    id: 'M-45',
    version: '1',
    title: 'All interventions',
    seedWording: 'Total getting all interventions',
    source: PRETERM_SEED,
    numerator:
      'Babies born in the month for whom every intervention they were eligible for met the standard.',
    denominator: 'Babies born in the month eligible for at least one of the nine interventions.',
    exclusions: PRETERM_EXCLUSIONS,
    period: 'month',
    unit: 'proportion',
    chart: 'p',
    improvement: 'up',
    eventsRead: PRETERM_EVENTS,
    breakdown: 'ward',
    suppressSmallNumbers: true,
    group: 'preterm',
  },
  {
    id: 'M-47',
    version: '1',
    title: 'Interventions delivered',
    seedWording: 'interventions being delivered each month',
    source: PRETERM_SEED,
    numerator: 'Interventions received by eligible babies born in the month (all nine counted).',
    denominator: null,
    exclusions: 'Interventions a baby was not eligible for.',
    period: 'month',
    unit: 'count',
    chart: 'xmr',
    improvement: 'up',
    eventsRead: PRETERM_EVENTS,
    breakdown: 'ward',
    suppressSmallNumbers: true,
    group: 'preterm',
  },
  {
    id: 'M-30',
    version: '1',
    title: 'Measures collected',
    seedWording: 'Number of occasions that project measures are collected',
    source: SMOKING_SEED,
    numerator:
      'Computations of the measures in the month (each recorded in the audit trail as measures.computed).',
    denominator: null,
    exclusions: 'None.',
    period: 'month',
    unit: 'count',
    chart: 'xmr',
    improvement: 'up',
    eventsRead: ['measures.computed'],
    breakdown: 'unit',
    suppressSmallNumbers: false,
    group: 'programme',
  },
  {
    id: 'M-31',
    version: '1',
    title: 'Measures exported',
    seedWording:
      'Number of occasions that project measures are uploaded as required to national or local system',
    source: SMOKING_SEED,
    numerator:
      'Exports of the measures in the month: CSV downloads and FHIR MeasureReport reads (audit: measures.exported).',
    denominator: null,
    exclusions: 'None.',
    period: 'month',
    unit: 'count',
    chart: 'xmr',
    improvement: 'up',
    eventsRead: ['measures.exported'],
    breakdown: 'unit',
    suppressSmallNumbers: false,
    group: 'programme',
  },
];

/** §(e) "Yes" measures Beacon does not compute yet, and why: listed so nobody assumes they are there. */
export const NOT_COMPUTED: readonly MeasureNotComputed[] = [
  {
    id: 'M-04',
    seedWording: 'Proportion of women receiving CO test at booking',
    source: SMOKING_SEED,
    reason: 'Beacon is not sent booking appointments, so it cannot count the women booked (the denominator).',
  },
  {
    id: 'M-05',
    seedWording: 'Proportion of women receiving CO test at 36 weeks [s]',
    source: SMOKING_SEED,
    reason: 'Needs the women reaching 36 weeks in the month from gestation readings; not built yet.',
  },
  {
    id: 'M-06',
    seedWording: 'Proportion of women who test positive that receive brief a intervention',
    source: SMOKING_SEED,
    reason: 'NICE NG209 as encoded in Beacon has no brief-intervention prompt to acknowledge.',
  },
  {
    id: 'M-08',
    seedWording: 'Number of brief intervention conversations',
    source: SMOKING_SEED,
    reason: 'As M-06: no brief-intervention event is recorded.',
  },
  {
    id: 'M-16',
    seedWording: 'Number of times SBAR is used',
    source: SMOKING_SEED,
    reason: 'Beacon’s escalations are not sent with an SBAR template.',
  },
  {
    id: 'M-32',
    seedWording: 'Number of occasion in a month that measures are shared with wider team',
    source: SMOKING_SEED,
    reason: 'There is no share or publish action to log yet (M-31 counts exports).',
  },
  {
    id: 'M-33',
    seedWording: 'Number of occasions a process in the testing phase is implemented accurately',
    source: SMOKING_SEED,
    reason: 'Beacon has no shadow mode to compare the tool with practice.',
  },
  {
    id: 'M-50',
    seedWording: 'Number of babies with hypothermia',
    source: PRETERM_SEED,
    reason:
      'The first-hour temperature band per baby is not yet exposed by the pathway evaluation (M-44 covers normothermia).',
  },
  {
    id: 'M-51',
    seedWording: 'Number of babies with normothermia',
    source: PRETERM_SEED,
    reason: 'As M-50; M-44 gives the rate among eligible babies.',
  },
  {
    id: 'M-52',
    seedWording: 'Temperature of baby on admission to the neonatal unit',
    source: PRETERM_SEED,
    reason: 'As M-50.',
  },
  {
    id: 'M-58 to M-62',
    seedWording: 'Adoption stages 4 to 7 and the share of elements at stage 5 or above',
    source: PRETERM_SEED,
    reason: '"All appropriate patients" and "all staff" have no operational definition yet (N-21).',
  },
];

export function measureById(id: string): MeasureDefinition | undefined {
  return MEASURES.find((measure) => measure.id === id);
}
