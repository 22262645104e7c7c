// One test per measure on a small fixture; every expected figure is counted by hand in the comments.
import { MEASURES, NOT_COMPUTED, measureById } from './catalogue';
import type { MeasureCell, WardScope } from './compute';
import { computeMeasure, monthOf, monthsBetween, suppress } from './compute';
import type { EscalationFact, MeasureFacts, PretermBabyFact } from './facts';
import { NO_FACTS } from './facts';

const MIN = 60_000;
const DAY = 86_400_000;
const T = Date.UTC(2026, 2, 10, 10, 0); // 10 March 2026 10:00 (GMT)
const APRIL = Date.UTC(2026, 3, 15, 10, 0);
const AS_OF = Date.UTC(2026, 4, 1);
const A = 'maternity-a';
const B = 'transitional-care';

const escalation = (
  over: Partial<EscalationFact> & Pick<EscalationFact, 'id' | 'raisedAt'>,
): EscalationFact => ({
  wardId: A,
  patientId: 'p',
  kind: 'deterioration',
  acknowledgeDueAt: over.raisedAt + 15 * MIN,
  acknowledgedAt: null,
  respondedAt: null,
  reviewWithinMinutes: null,
  closedAt: null,
  withdrawn: false,
  ...over,
});

const outcome = (
  intervention: string,
  eligible: boolean | null,
  received: boolean | null,
  meets: boolean | null,
) => ({
  intervention,
  eligible,
  received,
  meetsStandard: meets,
});

const babies: PretermBabyFact[] = [
  {
    wardId: A,
    babyId: 'b1',
    bornAt: Date.UTC(2026, 2, 5),
    interventions: [
      outcome('antenatal-corticosteroids', true, true, true),
      outcome('place-of-birth', false, null, null),
      outcome('magnesium-sulphate', true, true, false),
      outcome('optimal-cord-management', true, true, true),
      outcome('normothermia', true, true, true),
    ],
  },
  {
    wardId: A,
    babyId: 'b2',
    bornAt: Date.UTC(2026, 2, 6),
    interventions: [
      outcome('antenatal-corticosteroids', true, true, true),
      outcome('magnesium-sulphate', true, true, true),
      outcome('optimal-cord-management', true, true, true),
      outcome('normothermia', true, null, null),
    ],
  },
  {
    wardId: B,
    babyId: 'b3',
    bornAt: Date.UTC(2026, 2, 7),
    interventions: [outcome('antenatal-corticosteroids', null, null, null)],
  },
  {
    wardId: B,
    babyId: 'b4',
    bornAt: Date.UTC(2026, 3, 2),
    interventions: [
      outcome('place-of-birth', true, true, true),
      outcome('intrapartum-antibiotics', true, true, true),
      outcome('caffeine', true, true, false),
      outcome('volume-targeted-ventilation', true, true, true),
      outcome('maternal-breast-milk', true, false, false),
    ],
  },
];

const FACTS: MeasureFacts = {
  ...NO_FACTS,
  escalations: [
    // Acknowledged in 5 min (due 15), reviewed in 20 (review within 60): on time twice.
    escalation({
      id: 'e1',
      raisedAt: T,
      acknowledgedAt: T + 5 * MIN,
      respondedAt: T + 20 * MIN,
      reviewWithinMinutes: 60,
    }),
    // Acknowledged in 30 (late), reviewed in 90 (late).
    escalation({
      id: 'e2',
      raisedAt: T + 60 * MIN,
      acknowledgedAt: T + 90 * MIN,
      respondedAt: T + 150 * MIN,
      reviewWithinMinutes: 60,
    }),
    // A concern nobody acknowledged (missed) or reviewed (review within 30 passed).
    escalation({ id: 'e3', kind: 'concern', raisedAt: T + 120 * MIN, reviewWithinMinutes: 30 }),
    // Ward B: acknowledged in 10, reviewed in 40, the level has no review time.
    escalation({
      id: 'e4',
      wardId: B,
      raisedAt: T + 180 * MIN,
      acknowledgedAt: T + 190 * MIN,
      respondedAt: T + 220 * MIN,
    }),
    // Retracted: in no measure.
    escalation({ id: 'e5', raisedAt: T, acknowledgedAt: T + 500 * MIN, withdrawn: true }),
    // April: acknowledged in 3, reviewed in 5.
    escalation({
      id: 'e6',
      raisedAt: APRIL,
      acknowledgedAt: APRIL + 3 * MIN,
      respondedAt: APRIL + 5 * MIN,
      reviewWithinMinutes: 60,
    }),
  ],
  observationSets: [
    ...Array.from({ length: 8 }, (_, i) => ({ wardId: A, patientId: `a${i}`, effectiveAt: T + i * DAY })),
    ...Array.from({ length: 2 }, (_, i) => ({ wardId: B, patientId: `b${i}`, effectiveAt: T + i * DAY })),
    ...Array.from({ length: 4 }, (_, i) => ({ wardId: A, patientId: `a${i}`, effectiveAt: APRIL + i * DAY })),
  ],
  overdue: [
    { id: 'o1', wardId: A, patientId: 'a1', raisedAt: T },
    { id: 'o2', wardId: A, patientId: 'a2', raisedAt: T + DAY },
  ],
  prompts: [
    {
      id: 'p1',
      wardId: A,
      patientId: 'w1',
      code: 'smoking/opt-out-referral',
      raisedAt: T,
      closedAt: T + 2 * DAY,
      outcome: 'recorded',
    },
    {
      id: 'p2',
      wardId: A,
      patientId: 'w1',
      code: 'preterm/caffeine',
      raisedAt: T,
      closedAt: T + 3 * DAY,
      outcome: 'missed',
    },
    {
      id: 'p3',
      wardId: A,
      patientId: 'w1',
      code: 'preterm/caffeine',
      raisedAt: T,
      closedAt: T + DAY,
      outcome: 'withdrawn',
    },
    {
      id: 'p4',
      wardId: B,
      patientId: 'w2',
      code: 'preterm/normothermia',
      raisedAt: T,
      closedAt: null,
      outcome: 'open',
    },
    {
      id: 'p5',
      wardId: B,
      patientId: 'w2',
      code: 'preterm/caffeine',
      raisedAt: T,
      closedAt: APRIL - 13 * DAY,
      outcome: 'missed',
    },
  ],
  staffEscalations: [
    { wardId: A, staffId: 'mw1', at: T, alertId: 'e3' },
    { wardId: A, staffId: 'mw1', at: T + DAY, alertId: null },
    { wardId: A, staffId: 'mw2', at: T + 2 * DAY, alertId: 'e2' },
    { wardId: B, staffId: 'mw1', at: T + 3 * DAY, alertId: null },
  ],
  coReadings: [
    { wardId: A, patientId: 'w1', at: Date.UTC(2026, 2, 5), ppm: 5 },
    { wardId: A, patientId: 'w1', at: Date.UTC(2026, 2, 20), ppm: 6 },
    { wardId: A, patientId: 'w2', at: Date.UTC(2026, 2, 5), ppm: 3 },
    { wardId: B, patientId: 'w3', at: Date.UTC(2026, 2, 10), ppm: 4 },
    { wardId: A, patientId: 'w4', at: Date.UTC(2026, 2, 1), ppm: 8 },
  ],
  smokingStatuses: [
    { wardId: A, patientId: 'w5', at: Date.UTC(2026, 2, 3), status: 'smoker' },
    { wardId: A, patientId: 'w2', at: Date.UTC(2026, 2, 3), status: 'ex-smoker' },
  ],
  referrals: [
    { wardId: A, patientId: 'w1', at: Date.UTC(2026, 2, 6) },
    { wardId: B, patientId: 'w3', at: Date.UTC(2026, 3, 15) }, // 36 days after her reading: outside 30
    { wardId: A, patientId: 'w4', at: Date.UTC(2026, 1, 20) }, // before her reading
    { wardId: A, patientId: 'w5', at: Date.UTC(2026, 2, 30) },
  ],
  pretermBabies: babies,
  runs: [
    { kind: 'computed', at: T },
    { kind: 'computed', at: T + DAY },
    { kind: 'exported', at: T + DAY },
  ],
};

const MONTHS = ['2026-03', '2026-04'];
const ALL: WardScope = { ward: 'all' };

function cells(
  id: string,
  scope: WardScope = ALL,
): Pick<MeasureCell, 'period' | 'numerator' | 'denominator' | 'value'>[] {
  const measure = measureById(id);
  if (!measure) throw new Error(`no measure ${id}`);
  return computeMeasure(measure, FACTS, MONTHS, scope, AS_OF).map(
    ({ period, numerator, denominator, value }) => ({
      period,
      numerator,
      denominator,
      value,
    }),
  );
}

const p = (period: string, numerator: number, denominator: number) => ({
  period,
  numerator,
  denominator,
  value: numerator / denominator,
});

describe('escalation measures', () => {
  it('ESC-ACK: mean minutes to acknowledgement (March 5, 30, 10 → 15; April 3); ward A 5, 30 → 17.5', () => {
    expect(cells('ESC-ACK').map((c) => [c.period, c.value])).toEqual([
      ['2026-03', 15],
      ['2026-04', 3],
    ]);
    expect(cells('ESC-ACK', { ward: A })[0]?.value).toBe(17.5);
  });

  it('ESC-REVIEW: mean minutes to the first response (March 20, 90, 40 → 50; April 5)', () => {
    expect(cells('ESC-REVIEW').map((c) => [c.period, c.value])).toEqual([
      ['2026-03', 50],
      ['2026-04', 5],
    ]);
  });

  it('ESC-REVIEW-ON-TIME: e1 on time, e2 late, e3 never (its 30 min passed), e4 has no review time → 1/3', () => {
    expect(cells('ESC-REVIEW-ON-TIME')).toEqual([p('2026-03', 1, 3), p('2026-04', 1, 1)]);
  });

  it('BAL-ALERT-BURDEN: 3 deterioration alerts over 10 sets in March → 30 per 100; ward A 2 over 8 → 25', () => {
    expect(cells('BAL-ALERT-BURDEN').map((c) => [c.period, c.value])).toEqual([
      ['2026-03', 30],
      ['2026-04', 25],
    ]);
    expect(cells('BAL-ALERT-BURDEN', { ward: A })[0]?.value).toBe(25);
  });

  it('M-37: distinct staff escalating (mw1 three times, mw2 once → 2; ward B 1; April 0)', () => {
    expect(cells('M-37').map((c) => [c.period, c.value])).toEqual([
      ['2026-03', 2],
      ['2026-04', 0],
    ]);
    expect(cells('M-37', { ward: B })[0]?.value).toBe(1);
  });
});

describe('omitted care (M-20)', () => {
  it('M-20.1: 2 overdue of 10 sets + 2 overdue = 2/12; ward A 2/10; April 0/4', () => {
    expect(cells('M-20.1')).toEqual([p('2026-03', 2, 12), p('2026-04', 0, 4)]);
    expect(cells('M-20.1', { ward: A })[0]).toEqual(p('2026-03', 2, 10));
  });

  it('M-20.2: e1 on time, e2 late, e3 missed, e4 on time → 2/4; April 0/1', () => {
    expect(cells('M-20.2')).toEqual([p('2026-03', 2, 4), p('2026-04', 0, 1)]);
  });

  it('M-20.3: one recorded, one missed (the withdrawn and the open one left out) → 1/2; April 1/1', () => {
    expect(cells('M-20.3')).toEqual([p('2026-03', 1, 2), p('2026-04', 1, 1)]);
  });

  it('M-20: (2 + 2 + 1) / (12 + 4 + 2) = 5/18; April (0 + 0 + 1) / (4 + 1 + 1) = 1/6', () => {
    expect(cells('M-20')).toEqual([p('2026-03', 5, 18), p('2026-04', 1, 6)]);
  });
});

describe('smoke-free pregnancy', () => {
  it('M-09: w1 (5 then 6 ppm, once), w3 (4 ppm, the threshold), w4 (8 ppm); only w1 referred in 30 days → 1/3', () => {
    expect(cells('M-09')).toEqual([p('2026-03', 1, 3)]);
  });

  it('M-10: those three and w5 (self-reported smoker, referred) → 2/4', () => {
    expect(cells('M-10')).toEqual([p('2026-03', 2, 4)]);
  });
});

describe('preterm optimisation', () => {
  it.each([
    ['M-40', [p('2026-03', 2, 2)]],
    ['M-41', [p('2026-04', 1, 1)]],
    ['M-42', [p('2026-03', 1, 2)]],
    ['M-43', [p('2026-03', 2, 2)]],
    // b2's temperature was not recorded: in the denominator, not the numerator.
    ['M-44', [p('2026-03', 1, 2)]],
    ['M-46.IAB', [p('2026-04', 1, 1)]],
    // b4 had caffeine, but not within the standard's window.
    ['M-48.CAFFEINE', [p('2026-04', 0, 1)]],
    ['M-48.VTV', [p('2026-04', 1, 1)]],
    ['M-49', [p('2026-04', 0, 1)]],
    // b1 missed magnesium's standard, b2's normothermia is unknown; b3's eligibility is unknown (left out);
    // b4 missed caffeine's.
    ['M-45', [p('2026-03', 0, 2), p('2026-04', 0, 1)]],
  ])('%s per eligible baby born in the month', (id, expected) => {
    expect(cells(id)).toEqual(expected);
  });

  it('M-47: interventions received by eligible babies (b1 four, b2 three → 7; April b4 four)', () => {
    expect(cells('M-47').map((c) => [c.period, c.value])).toEqual([
      ['2026-03', 7],
      ['2026-04', 4],
    ]);
  });
});

describe('programme measures', () => {
  it('M-30 counts computations and M-31 exports', () => {
    expect(cells('M-30').map((c) => c.value)).toEqual([2, 0]);
    expect(cells('M-31').map((c) => c.value)).toEqual([1, 0]);
  });
});

describe('the catalogue', () => {
  it('has a computation for every measure, unique ids, and no measure both computed and listed as not', () => {
    const ids = MEASURES.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const measure of MEASURES)
      expect(() => computeMeasure(measure, FACTS, MONTHS, ALL, AS_OF)).not.toThrow();
    expect(NOT_COMPUTED.filter((n) => ids.includes(n.id))).toEqual([]);
  });

  it('gives a target only with its source, as a proportion on a p-chart, and only where one way is better', () => {
    const targeted = MEASURES.filter((m) => m.target !== undefined);
    expect(targeted.map((m) => m.id)).toEqual(['M-43', 'M-44']);
    for (const measure of targeted) {
      expect(measure.target?.source).toMatch(/^003_fdee9da104ea2fe6\.txt/);
      expect(measure.improvement).not.toBeNull();
      if (measure.chart === 'p') expect(measure.target?.value).toBeLessThanOrEqual(1);
    }
  });

  it('gives each proportion a denominator and each count or time none', () => {
    for (const measure of MEASURES) {
      if (measure.chart === 'p')
        expect([measure.id, measure.denominator]).toEqual([measure.id, expect.any(String)]);
      if (measure.unit === 'count' || measure.unit === 'minutes')
        expect([measure.id, measure.denominator]).toEqual([measure.id, null]);
    }
  });
});

describe('small-number suppression (fewer than 5 shown as "< 5")', () => {
  const m20 = measureById('M-20.2');
  const m37 = measureById('M-37');
  if (!m20 || !m37) throw new Error('catalogue changed');
  const cell = (numerator: number, denominator: number) => ({
    period: '2026-03',
    numerator,
    denominator,
    value: numerator / denominator,
    count: denominator,
  });

  it('hides a numerator of 4 and shows 5; shows 0', () => {
    expect(suppress(m20, cell(4, 40))).toMatchObject({
      suppressed: true,
      display: '< 5',
      value: null,
      numerator: null,
    });
    expect(suppress(m20, cell(5, 40))).toMatchObject({
      suppressed: false,
      numerator: 5,
      display: '12.5% (5/40)',
    });
    expect(suppress(m20, cell(0, 40))).toMatchObject({ suppressed: false, numerator: 0 });
  });

  it('hides a denominator of 4', () => {
    expect(suppress(m20, cell(0, 4)).suppressed).toBe(true);
  });

  it('never hides a count of staff (not about patients)', () => {
    expect(
      suppress(m37, { period: '2026-03', numerator: 2, denominator: null, value: 2, count: 2 }).suppressed,
    ).toBe(false);
  });
});

describe('months', () => {
  it('puts an instant in its UK calendar month (BST from 29 March 2026)', () => {
    expect(monthOf(Date.UTC(2026, 2, 31, 23, 30))).toBe('2026-04'); // 00:30 BST on 1 April
    expect(monthOf(Date.UTC(2026, 0, 31, 23, 30))).toBe('2026-01'); // GMT
  });

  it('lists the months between two, across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

function definition(id: string) {
  const measure = measureById(id);
  if (!measure) throw new Error(`no measure ${id}`);
  return measure;
}

describe('a year of a busy unit', () => {
  it('computes 2,880 escalations: 240 a month acknowledged 0–19 min after raise (mean 9.5), 48 of them late', () => {
    // Per month: minutes 0..19 twelve times → mean 9.5; 16, 17, 18 and 19 are after the 15-minute step: 4 × 12 = 48.
    const escalations: EscalationFact[] = [];
    for (let month = 0; month < 12; month += 1)
      for (let i = 0; i < 240; i += 1) {
        const raisedAt = Date.UTC(2025, month, 10) + i * 10 * MIN;
        escalations.push(
          escalation({ id: `y${month}-${i}`, raisedAt, acknowledgedAt: raisedAt + (i % 20) * MIN }),
        );
      }
    const facts: MeasureFacts = { ...NO_FACTS, escalations };
    const months = monthsBetween('2025-01', '2025-12');
    const ack = computeMeasure(definition('ESC-ACK'), facts, months, ALL, AS_OF);
    expect(ack).toHaveLength(12);
    expect(ack.every((cell) => cell.value === 9.5 && cell.count === 240)).toBe(true);
    const late = computeMeasure(definition('M-20.2'), facts, months, ALL, AS_OF);
    expect(late.map((cell) => [cell.numerator, cell.denominator])).toEqual(months.map(() => [48, 240]));
  });
});
