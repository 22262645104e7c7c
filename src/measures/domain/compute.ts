// Computing each measure per month and ward from the facts (facts.ts), as the catalogue defines it. Pure.
import type { MeasureDefinition } from './catalogue';
import type { EscalationFact, MeasureFacts, ObservationSetFact, OverdueFact, PromptFact } from './facts';

/** One month of one measure: a proportion (numerator/denominator) or a value (count, mean minutes, rate). */
export interface MeasureCell {
  readonly period: string;
  readonly numerator: number;
  /** null for counts and times. */
  readonly denominator: number | null;
  readonly value: number;
  /** How many patients' events (or items) the cell is about: the number small-number suppression looks at. */
  readonly count: number;
}

/** All wards together, or one ward ("unassigned" for events with no ward). */
export type WardScope = { readonly ward: 'all' } | { readonly ward: string };

const MINUTE = 60_000;
const DAY = 86_400_000;
const REFERRAL_WINDOW_DAYS = 30;
const CO_REFERRAL_PPM = 4; // NICE NG209 / seed 000: "elevated levels (4ppm or above)"

const MONTH = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
});

/** The calendar month (UK time) of an instant, as "YYYY-MM". */
export function monthOf(at: number): string {
  const parts = MONTH.formatToParts(new Date(at));
  const year = parts.find((part) => part.type === 'year')?.value ?? '0000';
  const month = parts.find((part) => part.type === 'month')?.value ?? '00';
  return `${year}-${month}`;
}

/** Every month from `from` to `to` ("YYYY-MM"), inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const [endYear, endMonth] = to.split('-').map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

const inScope = (scope: WardScope, wardId: string | null): boolean =>
  scope.ward === 'all' || scope.ward === (wardId ?? 'unassigned');

type Tally = { numerator: number; denominator: number; count: number };

function proportion(
  months: readonly string[],
  add: (tally: (period: string, numerator: number, denominator: number) => void) => void,
): MeasureCell[] {
  const tallies = new Map<string, Tally>(months.map((m) => [m, { numerator: 0, denominator: 0, count: 0 }]));
  add((period, numerator, denominator) => {
    const tally = tallies.get(period);
    if (!tally) return;
    tally.numerator += numerator;
    tally.denominator += denominator;
  });
  return months.flatMap((period) => {
    const tally = tallies.get(period) as Tally;
    return tally.denominator === 0
      ? []
      : [
          {
            period,
            numerator: tally.numerator,
            denominator: tally.denominator,
            value: tally.numerator / tally.denominator,
            count: tally.denominator,
          },
        ];
  });
}

function meanMinutes(
  months: readonly string[],
  items: readonly { period: string; minutes: number }[],
): MeasureCell[] {
  return months.flatMap((period) => {
    const values = items.filter((item) => item.period === period).map((item) => item.minutes);
    if (values.length === 0) return [];
    const total = values.reduce((sum, v) => sum + v, 0);
    return [
      { period, numerator: total, denominator: null, value: total / values.length, count: values.length },
    ];
  });
}

function countOf(
  months: readonly string[],
  periods: readonly string[],
  count?: (period: string) => number,
): MeasureCell[] {
  return months.map((period) => {
    const n = periods.filter((p) => p === period).length;
    return { period, numerator: n, denominator: null, value: n, count: count ? count(period) : n };
  });
}

/** When an escalation's first-step deadline is judged: on time, late, missed, or not (yet) judged. */
export function acknowledgementOf(
  escalation: EscalationFact,
  asOf: number,
): 'on-time' | 'late' | 'missed' | 'not-judged' {
  const due = escalation.acknowledgeDueAt;
  if (escalation.withdrawn || due === null) return 'not-judged';
  if (escalation.acknowledgedAt !== null) return escalation.acknowledgedAt <= due ? 'on-time' : 'late';
  if (due < (escalation.closedAt ?? asOf)) return 'missed';
  return 'not-judged';
}

const PRETERM_INTERVENTION: Readonly<Record<string, string>> = {
  'M-40': 'antenatal-corticosteroids',
  'M-41': 'place-of-birth',
  'M-42': 'magnesium-sulphate',
  'M-43': 'optimal-cord-management',
  'M-44': 'normothermia',
  'M-46.IAB': 'intrapartum-antibiotics',
  'M-48.CAFFEINE': 'caffeine',
  'M-48.VTV': 'volume-targeted-ventilation',
  'M-49': 'maternal-breast-milk',
};

/** Women identified (first time in the window) and whether a referral followed within 30 days. */
function referralCells(
  months: readonly string[],
  identified: readonly { patientId: string; wardId: string | null; at: number }[],
  facts: MeasureFacts,
  scope: WardScope,
): MeasureCell[] {
  const first = new Map<string, { wardId: string | null; at: number }>();
  for (const item of [...identified].sort((a, b) => a.at - b.at))
    if (!first.has(`${item.patientId}|${monthOf(item.at)}`))
      first.set(`${item.patientId}|${monthOf(item.at)}`, item);
  return proportion(months, (tally) => {
    for (const [key, item] of first) {
      if (!inScope(scope, item.wardId)) continue;
      const patientId = key.slice(0, key.indexOf('|'));
      const referred = facts.referrals.some(
        (r) => r.patientId === patientId && r.at >= item.at && r.at <= item.at + REFERRAL_WINDOW_DAYS * DAY,
      );
      tally(monthOf(item.at), referred ? 1 : 0, 1);
    }
  });
}

/** What a measure is computed from: the facts, those in the ward scope, the months and the clock. */
interface MeasureInput {
  readonly facts: MeasureFacts;
  readonly months: readonly string[];
  readonly scope: WardScope;
  readonly asOf: number;
  /** Not withdrawn, in scope. */
  readonly escalations: readonly EscalationFact[];
  readonly sets: readonly ObservationSetFact[];
  readonly overdue: readonly OverdueFact[];
  /** Recorded or missed, in scope. */
  readonly closedPrompts: readonly PromptFact[];
  /** Escalations whose first-step deadline has been judged: late (or missed) or on time. */
  readonly judged: readonly { period: string; late: boolean }[];
}

type Computation = (input: MeasureInput) => MeasureCell[];
type Tallier = (period: string, numerator: number, denominator: number) => void;

const tallySets = (input: MeasureInput, tally: Tallier): void => {
  for (const s of input.sets) tally(monthOf(s.effectiveAt), 0, 1);
  for (const o of input.overdue) tally(monthOf(o.raisedAt), 1, 1);
};
const tallyJudged = (input: MeasureInput, tally: Tallier): void => {
  for (const j of input.judged) tally(j.period, j.late ? 1 : 0, 1);
};
const tallyPrompts = (input: MeasureInput, tally: Tallier): void => {
  for (const p of input.closedPrompts)
    tally(monthOf(p.closedAt as number), p.outcome === 'missed' ? 1 : 0, 1);
};

/** Mean minutes from raising an escalation to a later moment of it (those that reached it). */
const minutesUntil =
  (moment: 'acknowledgedAt' | 'respondedAt'): Computation =>
  ({ months, escalations }) =>
    meanMinutes(
      months,
      escalations.flatMap((e) => {
        const at = e[moment];
        return at === null ? [] : [{ period: monthOf(e.raisedAt), minutes: (at - e.raisedAt) / MINUTE }];
      }),
    );

/** How many times the measures were computed (or exported) each month. */
const runsOf =
  (kind: 'computed' | 'exported'): Computation =>
  ({ months, facts }) =>
    countOf(
      months,
      facts.runs.filter((r) => r.kind === kind).map((r) => monthOf(r.at)),
    );

const elevatedCo = (facts: MeasureFacts) => facts.coReadings.filter((r) => r.ppm >= CO_REFERRAL_PPM);

/** Each measure's computation by measure id; any other id is one of PRETERM_INTERVENTION's. */
const COMPUTATIONS: ReadonlyMap<string, Computation> = new Map<string, Computation>([
  ['ESC-ACK', minutesUntil('acknowledgedAt')],
  ['ESC-REVIEW', minutesUntil('respondedAt')],
  [
    'ESC-REVIEW-ON-TIME',
    ({ months, escalations, asOf }) =>
      proportion(months, (tally) => {
        for (const e of escalations) {
          if (e.reviewWithinMinutes === null) continue;
          const due = e.raisedAt + e.reviewWithinMinutes * MINUTE;
          const onTime = e.respondedAt !== null && e.respondedAt <= due;
          if (e.respondedAt === null && due >= asOf) continue;
          tally(monthOf(e.raisedAt), onTime ? 1 : 0, 1);
        }
      }),
  ],
  ['BAL-ALERT-BURDEN', alertBurden],
  [
    'M-37',
    ({ months, facts, scope }) =>
      months.map((period) => {
        const staff = new Set(
          facts.staffEscalations
            .filter((s) => inScope(scope, s.wardId) && monthOf(s.at) === period)
            .map((s) => s.staffId),
        );
        return { period, numerator: staff.size, denominator: null, value: staff.size, count: staff.size };
      }),
  ],
  ['M-20.1', (input) => proportion(input.months, (tally) => tallySets(input, tally))],
  ['M-20.2', (input) => proportion(input.months, (tally) => tallyJudged(input, tally))],
  ['M-20.3', (input) => proportion(input.months, (tally) => tallyPrompts(input, tally))],
  [
    'M-20',
    (input) =>
      proportion(input.months, (tally) => {
        tallySets(input, tally);
        tallyJudged(input, tally);
        tallyPrompts(input, tally);
      }),
  ],
  ['M-09', ({ months, facts, scope }) => referralCells(months, elevatedCo(facts), facts, scope)],
  [
    'M-10',
    ({ months, facts, scope }) =>
      referralCells(
        months,
        [...elevatedCo(facts), ...facts.smokingStatuses.filter((s) => s.status === 'smoker')],
        facts,
        scope,
      ),
  ],
  ['M-45', pretermBundle],
  ['M-47', pretermDelivered],
  ['M-30', runsOf('computed')],
  ['M-31', runsOf('exported')],
]);

/** Deterioration alerts per 100 observation sets. */
function alertBurden({ months, sets, escalations }: MeasureInput): MeasureCell[] {
  return months.flatMap((period) => {
    const setCount = sets.filter((s) => monthOf(s.effectiveAt) === period).length;
    if (setCount === 0) return [];
    const alerts = escalations.filter(
      (e) => e.kind === 'deterioration' && monthOf(e.raisedAt) === period,
    ).length;
    return [
      {
        period,
        numerator: 100 * alerts,
        denominator: setCount,
        value: (100 * alerts) / setCount,
        count: setCount,
      },
    ];
  });
}

/** Preterm babies who received every intervention they were eligible for, to the standard. */
function pretermBundle({ months, facts, scope }: MeasureInput): MeasureCell[] {
  return proportion(months, (tally) => {
    for (const baby of facts.pretermBabies) {
      if (!inScope(scope, baby.wardId)) continue;
      const eligible = baby.interventions.filter((i) => i.eligible === true);
      if (eligible.length === 0) continue;
      tally(monthOf(baby.bornAt), eligible.every((i) => i.meetsStandard === true) ? 1 : 0, 1);
    }
  });
}

/** How many eligible interventions preterm babies received. */
function pretermDelivered({ months, facts, scope }: MeasureInput): MeasureCell[] {
  const babies = facts.pretermBabies.filter((b) => inScope(scope, b.wardId));
  return months.map((period) => {
    const born = babies.filter((b) => monthOf(b.bornAt) === period);
    const delivered = born.reduce(
      (sum, b) => sum + b.interventions.filter((i) => i.eligible === true && i.received === true).length,
      0,
    );
    return { period, numerator: delivered, denominator: null, value: delivered, count: born.length };
  });
}

/** Eligible preterm babies who received one intervention to the standard. */
function pretermIntervention(intervention: string, { months, facts, scope }: MeasureInput): MeasureCell[] {
  return proportion(months, (tally) => {
    for (const baby of facts.pretermBabies) {
      if (!inScope(scope, baby.wardId)) continue;
      const outcome = baby.interventions.find((i) => i.intervention === intervention);
      if (outcome?.eligible !== true) continue;
      tally(monthOf(baby.bornAt), outcome.meetsStandard === true ? 1 : 0, 1);
    }
  });
}

/** One measure over the months, for all wards or one. `asOf` judges deadlines that have not passed yet. */
export function computeMeasure(
  measure: MeasureDefinition,
  facts: MeasureFacts,
  months: readonly string[],
  scope: WardScope,
  asOf: number,
): MeasureCell[] {
  const escalations = facts.escalations.filter((e) => !e.withdrawn && inScope(scope, e.wardId));
  const input: MeasureInput = {
    facts,
    months,
    scope,
    asOf,
    escalations,
    sets: facts.observationSets.filter((s) => inScope(scope, s.wardId)),
    overdue: facts.overdue.filter((o) => inScope(scope, o.wardId)),
    closedPrompts: facts.prompts.filter(
      (p) =>
        (p.outcome === 'recorded' || p.outcome === 'missed') &&
        p.closedAt !== null &&
        inScope(scope, p.wardId),
    ),
    judged: escalations.flatMap((e) => {
      const status = acknowledgementOf(e, asOf);
      return status === 'not-judged' ? [] : [{ period: monthOf(e.raisedAt), late: status !== 'on-time' }];
    }),
  };
  const computation = COMPUTATIONS.get(measure.id);
  if (computation) return computation(input);
  const intervention = PRETERM_INTERVENTION[measure.id];
  if (intervention === undefined) throw new RangeError(`no computation for measure ${measure.id}`);
  return pretermIntervention(intervention, input);
}

/** Fewer than this many (but not none) are shown as "< 5" so that no one can be identified. */
export const SMALL_NUMBER_THRESHOLD = 5;

export interface ShownCell {
  readonly period: string;
  /** null when suppressed. */
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  readonly suppressed: boolean;
  /** What a table shows: the number, or "< 5". */
  readonly display: string;
}

const isSmall = (n: number | null): boolean => n !== null && n > 0 && n < SMALL_NUMBER_THRESHOLD;

/**
 * Small-number suppression: a cell about fewer than 5 patients' events (a numerator or denominator of 1–4, or a
 * count or mean over 1–4 items) shows "< 5" and no figures. Zero is shown: it identifies no one.
 */
export function suppress(measure: MeasureDefinition, cell: MeasureCell): ShownCell {
  const small =
    measure.suppressSmallNumbers &&
    (measure.chart === 'p' ? isSmall(cell.numerator) || isSmall(cell.denominator) : isSmall(cell.count));
  if (small)
    return {
      period: cell.period,
      numerator: null,
      denominator: null,
      value: null,
      suppressed: true,
      display: '< 5',
    };
  return {
    period: cell.period,
    numerator: cell.numerator,
    denominator: cell.denominator,
    value: cell.value,
    suppressed: false,
    display: displayOf(measure, cell),
  };
}

function displayOf(measure: MeasureDefinition, cell: MeasureCell): string {
  switch (measure.unit) {
    case 'proportion':
      return `${(100 * cell.value).toFixed(1)}% (${cell.numerator}/${cell.denominator ?? 0})`;
    case 'minutes':
      return `${cell.value.toFixed(1)} min (${cell.count})`;
    case 'per-100-sets':
      return `${cell.value.toFixed(1)} per 100 sets (${cell.count} sets)`;
    case 'count':
      return String(cell.value);
  }
}
