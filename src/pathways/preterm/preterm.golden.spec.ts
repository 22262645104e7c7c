/**
 * Golden cases for the preterm optimisation pathway (MatNeoSIP's nine interventions under seven named rule sets).
 *
 * Written by hand from /work/shared/clinical/clinical-rules.md, section "c. Preterm optimisation" (c.1, the c.2
 * table) and ambiguities A1–A7, A10, A11, plus Beacon's recorded choices where the sources are silent
 * (inclusive windows per A10 unless the source says strict; "<30+0" means up to and including 29+6). They were
 * NOT produced by running the implementation. Every row names its source tag; when a row fails, re-read the
 * source row before changing either the rule set or the expectation.
 *
 * Conventions: all times are relative to a birth at 2026-03-01T10:00:00Z (negative = before birth).
 * MET = eligible, received and meets the standard; NOT_MET = received but outside the standard's timing or
 * quality; NOT_GIVEN = eligible, events recorded but none qualifying; NOT_ELIGIBLE = eligible false, so
 * received and meetsStandard are null.
 */
import { evaluatePretermCase } from './index';

// ---------------------------------------------------------------------------------------------------------------
// Contract, kept deliberately type-light so these cases do not depend on the implementation's own types.

type Tri = boolean | null;

interface InterventionRow {
  readonly intervention: string;
  readonly eligible: Tri;
  readonly received: Tri;
  readonly meetsStandard: Tri;
  readonly reason: string;
}

interface DueEntry {
  readonly intervention: string;
  readonly action: string;
  readonly by: string | null;
  readonly reason: string;
}

interface PretermOk {
  readonly ruleSet: string;
  readonly interventions: readonly InterventionRow[];
  readonly due: readonly DueEntry[];
}

interface Judgement {
  readonly eligible?: Tri;
  readonly received?: Tri;
  readonly meetsStandard?: Tri;
}

type JudgementRow = readonly [source: string, title: string, input: unknown, expected: Judgement];

const evaluate = evaluatePretermCase as unknown as (ruleSet: string, input: unknown) => unknown;

const INTERVENTIONS = [
  'place-of-birth',
  'antenatal-corticosteroids',
  'magnesium-sulphate',
  'intrapartum-antibiotics',
  'optimal-cord-management',
  'normothermia',
  'maternal-breast-milk',
  'caffeine',
  'volume-targeted-ventilation',
] as const;
type InterventionId = (typeof INTERVENTIONS)[number];

const RULE_SETS = [
  'BAPM-AO',
  'PERIPrem-2022',
  'NNAP-2021',
  'NNAP-2022+',
  'MatNeoSIP-2023',
  'NICE-QS135',
  'SPSP-Scotland',
] as const;

function errorOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const error = (result as { error?: unknown }).error;
  return typeof error === 'string' ? error : undefined;
}

function evaluateOk(ruleSet: string, input: unknown): PretermOk {
  const result = evaluate(ruleSet, input);
  const error = errorOf(result);
  if (error !== undefined) throw new Error(`${ruleSet}: unexpected error "${error}"`);
  return result as PretermOk;
}

function evaluateError(ruleSet: string, input: unknown): string {
  const result = evaluate(ruleSet, input);
  const error = errorOf(result);
  if (error === undefined) throw new Error(`${ruleSet}: expected { error }, got ${JSON.stringify(result)}`);
  expect(result).not.toHaveProperty('interventions');
  return error;
}

function rowsById(result: PretermOk): Record<string, InterventionRow> {
  return Object.fromEntries(result.interventions.map((row) => [row.intervention, row]));
}

function rowOf(ruleSet: string, input: unknown, intervention: InterventionId): InterventionRow {
  const row = evaluateOk(ruleSet, input).interventions.find((r) => r.intervention === intervention);
  if (!row) throw new Error(`${ruleSet}: no "${intervention}" row`);
  return row;
}

/** One it.each table: each row judges a single intervention of a single rule set. */
function judges(ruleSet: string, intervention: InterventionId, rows: readonly JudgementRow[]): void {
  it.each(rows)('[%s] %s', (_source, _title, input, expected) => {
    expect(rowOf(ruleSet, input, intervention)).toMatchObject(expected);
  });
}

const MET: Judgement = { eligible: true, received: true, meetsStandard: true };
const NOT_MET: Judgement = { eligible: true, received: true, meetsStandard: false };
const NOT_GIVEN: Judgement = { eligible: true, received: false, meetsStandard: false };
const NOT_ELIGIBLE: Judgement = { eligible: false, received: null, meetsStandard: null };
const UNDECIDED: Judgement = { eligible: null };
const NOT_RECORDED: Judgement = { eligible: true, received: null, meetsStandard: null };

// ---------------------------------------------------------------------------------------------------------------
// Case builders.

const BIRTH = '2026-03-01T10:00:00Z';
const BIRTH_MS = Date.parse(BIRTH);
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

/** The ISO instant `offset` ms after birth (negative: before birth). */
function t(offset: number): string {
  return new Date(BIRTH_MS + offset).toISOString().replace('.000Z', 'Z');
}

type PretermEvent = Readonly<Record<string, unknown>>;

const steroid = (at: number): PretermEvent => ({ type: 'corticosteroid-dose', time: t(at) });
const mgLoading = (at: number): PretermEvent => ({ type: 'magnesium-sulphate-loading', time: t(at) });
const mgInfusion = (from: number, to: number): PretermEvent => ({
  type: 'magnesium-sulphate-infusion',
  time: t(from),
  end: t(to),
});
const antibiotics = (at: number): PretermEvent => ({ type: 'intrapartum-antibiotics', time: t(at) });
const cordClamped = (at: number): PretermEvent => ({ type: 'cord-clamped', time: t(at) });
const admitted = (at: number): PretermEvent => ({ type: 'neonatal-admission', time: t(at) });
const temperature = (at: number, celsius: number): PretermEvent => ({
  type: 'temperature',
  time: t(at),
  celsius,
});
const caffeine = (at: number): PretermEvent => ({ type: 'caffeine', time: t(at) });
const breastMilk = (at: number): PretermEvent => ({ type: 'maternal-breast-milk', time: t(at) });
const ventilated = (at: number, mode: string): PretermEvent => ({
  type: 'invasive-ventilation',
  time: t(at),
  mode,
});

const VTV = 'volume-targeted-synchronised';
/** Any non-VTV invasive mode; only "volume-targeted-synchronised" meets the standard. */
const NON_VTV = 'pressure-limited';

/** An event that qualifies for none of the interventions under test (so `events` is present but irrelevant). */
const UNRELATED = admitted(20 * MIN);

type Labour = Readonly<Record<string, unknown>>;
const labour = (state: string, gestation?: string, membranesRuptured = false): Labour =>
  gestation === undefined ? { state, membranesRuptured } : { state, membranesRuptured, gestation };

type Case = Readonly<Record<string, unknown>>;

/** A liveborn singleton at `gestationAtBirth`, born on a NICU site after established labour at the same gestation. */
function born(gestationAtBirth: string, events: readonly PretermEvent[], extra: Case = {}): Case {
  return {
    gestationAtBirth,
    plurality: 1,
    estimatedFetalWeightGrams: 1500,
    birthWeightGrams: 1500,
    birthTime: BIRTH,
    bornOnNicuSite: true,
    labour: labour('established', gestationAtBirth),
    events,
    ...extra,
  };
}

function omit(value: Case, ...keys: string[]): Case {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/** Everything recorded, on time, for a 25+0 baby: used where a rule set must say "not defined" despite eligibility. */
const EVERYTHING: Case = born('25+0', [
  steroid(-48 * H),
  steroid(-24 * H),
  mgLoading(-6 * H),
  mgInfusion(-6 * H, 0),
  antibiotics(-5 * H),
  cordClamped(90 * S),
  admitted(15 * MIN),
  temperature(30 * MIN, 36.8),
  caffeine(3 * H),
  breastMilk(6 * H),
  ventilated(30 * MIN, VTV),
]);

// ---------------------------------------------------------------------------------------------------------------

describe('preterm optimisation golden cases (hand-written from clinical-rules.md section c)', () => {
  describe('result shape: all nine interventions, in order, under every rule set', () => {
    it.each(RULE_SETS)('%s', (ruleSet) => {
      const result = evaluateOk(ruleSet, EVERYTHING);
      expect(result.ruleSet).toBe(ruleSet);
      expect(result.interventions.map((row) => row.intervention)).toEqual([...INTERVENTIONS]);
      expect(Array.isArray(result.due)).toBe(true);
      for (const row of result.interventions) {
        expect(typeof row.reason).toBe('string');
        expect(row.reason.length).toBeGreaterThan(0);
      }
    });
  });

  describe('interventions a rule set does not define: all null, reason says so', () => {
    it.each<readonly [string, string, readonly InterventionId[]]>([
      [
        'BAPM-AO',
        'S28',
        [
          'optimal-cord-management',
          'normothermia',
          'maternal-breast-milk',
          'caffeine',
          'volume-targeted-ventilation',
        ],
      ],
      ['PERIPrem-2022', 'S24, A11', ['maternal-breast-milk', 'caffeine', 'volume-targeted-ventilation']],
      [
        'NNAP-2021',
        'S30',
        ['intrapartum-antibiotics', 'maternal-breast-milk', 'caffeine', 'volume-targeted-ventilation'],
      ],
      [
        'NNAP-2022+',
        'S31, S38',
        ['intrapartum-antibiotics', 'maternal-breast-milk', 'caffeine', 'volume-targeted-ventilation'],
      ],
      [
        'NICE-QS135',
        'S33–S37',
        [
          'place-of-birth',
          'intrapartum-antibiotics',
          'optimal-cord-management',
          'normothermia',
          'maternal-breast-milk',
          'caffeine',
          'volume-targeted-ventilation',
        ],
      ],
      [
        'SPSP-Scotland',
        'S26, S29',
        [
          'antenatal-corticosteroids',
          'magnesium-sulphate',
          'intrapartum-antibiotics',
          'volume-targeted-ventilation',
        ],
      ],
    ])('%s [%s]', (ruleSet, _source, undefinedHere) => {
      const rows = rowsById(evaluateOk(ruleSet, EVERYTHING));
      for (const id of undefinedHere) {
        expect({ [id]: rows[id] }).toMatchObject({
          [id]: {
            eligible: null,
            received: null,
            meetsStandard: null,
            reason: expect.stringMatching(/not defin/i),
          },
        });
      }
      for (const id of INTERVENTIONS.filter((i) => !undefinedHere.includes(i))) {
        expect({ [id]: rows[id]?.eligible }).not.toEqual({ [id]: null });
      }
    });
  });

  describe("the issue's example case under MatNeoSIP-2023 (all nine)", () => {
    it('[S20][S21][S28] 29+6 singleton, EFW 900 g, established labour at 29+5', () => {
      const example = {
        gestationAtBirth: '29+6',
        plurality: 1,
        estimatedFetalWeightGrams: 900,
        birthWeightGrams: 950,
        birthTime: '2026-03-01T10:00:00Z',
        bornOnNicuSite: true,
        labour: { state: 'established', membranesRuptured: false, gestation: '29+5' },
        events: [
          { type: 'corticosteroid-dose', time: '2026-02-27T10:00:00Z' },
          { type: 'corticosteroid-dose', time: '2026-02-28T10:00:00Z' },
          { type: 'magnesium-sulphate-loading', time: '2026-03-01T04:00:00Z' },
          { type: 'magnesium-sulphate-infusion', time: '2026-03-01T04:20:00Z', end: '2026-03-01T10:00:00Z' },
          { type: 'intrapartum-antibiotics', time: '2026-03-01T02:00:00Z' },
          { type: 'cord-clamped', time: '2026-03-01T10:01:30Z' },
          { type: 'neonatal-admission', time: '2026-03-01T10:20:00Z' },
          { type: 'temperature', time: '2026-03-01T10:35:00Z', celsius: 36.8 },
          { type: 'caffeine', time: '2026-03-01T14:00:00Z' },
          { type: 'maternal-breast-milk', time: '2026-03-01T20:00:00Z' },
          {
            type: 'invasive-ventilation',
            time: '2026-03-01T10:30:00Z',
            mode: 'volume-targeted-synchronised',
          },
        ],
      };
      const result = evaluateOk('MatNeoSIP-2023', example);
      expect(result.ruleSet).toBe('MatNeoSIP-2023');
      const row = (intervention: InterventionId, eligible: Tri, received: Tri, meetsStandard: Tri) => ({
        intervention,
        eligible,
        received,
        meetsStandard,
        reason: expect.any(String),
      });
      expect(result.interventions).toEqual([
        // 29+6 singleton and EFW 900 g: not <27+0 and not <800 g, so no NICU-site requirement [S28].
        row('place-of-birth', false, null, null),
        // Two doses 48 h and 24 h before birth: full course within 7 days [S28].
        row('antenatal-corticosteroids', true, true, true),
        // Loading 6 h before birth: within the 24 h before birth [S28].
        row('magnesium-sulphate', true, true, true),
        // Established labour at 29+5 (<37+0), antibiotics 8 h before birth [S28].
        row('intrapartum-antibiotics', true, true, true),
        // Clamped at 90 s (>= 60 s), <34+0 [S30][S38].
        row('optimal-cord-management', true, true, true),
        // 36.8 °C, 35 min after birth, <32+0 [S30].
        row('normothermia', true, true, true),
        // Mother's milk at 10 h (<24 h), chosen cohort <34+0 (A5) [S21].
        row('maternal-breast-milk', true, true, true),
        // Caffeine at 4 h (<24 h), <30+0 [S20][S21].
        row('caffeine', true, true, true),
        // Invasively ventilated, first mode VTV with synchronised ventilation, <34+0 [S20][S21].
        row('volume-targeted-ventilation', true, true, true),
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('place-of-birth', () => {
    const pob = (gestation: string, extra: Case = {}): Case => born(gestation, [UNRELATED], extra);
    const bornElsewhere = { eligible: true, received: false, meetsStandard: false };

    /** BAPM: singletons <27+0, multiples <28+0, EFW <800 g at any gestation, born on a NICU site. */
    const bapmBoundaries = (source: string): JudgementRow[] => [
      [
        source,
        'singleton 26+6, EFW 1000 g, born on a NICU site',
        pob('26+6', { estimatedFetalWeightGrams: 1000 }),
        MET,
      ],
      [source, 'singleton 27+0, EFW 1000 g', pob('27+0', { estimatedFetalWeightGrams: 1000 }), NOT_ELIGIBLE],
      [source, 'twins 27+6, EFW 1100 g', pob('27+6', { plurality: 2, estimatedFetalWeightGrams: 1100 }), MET],
      [
        source,
        'twins 28+0, EFW 1100 g',
        pob('28+0', { plurality: 2, estimatedFetalWeightGrams: 1100 }),
        NOT_ELIGIBLE,
      ],
      [
        source,
        'singleton 36+0, EFW 799 g (any gestation)',
        pob('36+0', { estimatedFetalWeightGrams: 799 }),
        MET,
      ],
      [source, 'singleton 36+0, EFW 800 g', pob('36+0', { estimatedFetalWeightGrams: 800 }), NOT_ELIGIBLE],
    ];

    describe('BAPM-AO [S28]', () => {
      judges('BAPM-AO', 'place-of-birth', [
        ...bapmBoundaries('S28'),
        [
          'S28',
          'singleton 26+6, born off a NICU site',
          pob('26+6', { estimatedFetalWeightGrams: 1000, bornOnNicuSite: false }),
          bornElsewhere,
        ],
        ['S28', 'triplets 27+6', pob('27+6', { plurality: 3, estimatedFetalWeightGrams: 1000 }), MET],
        [
          'S28',
          'singleton 26+6, no EFW recorded (gestation alone decides)',
          omit(pob('26+6'), 'estimatedFetalWeightGrams'),
          MET,
        ],
        [
          'S28',
          'singleton 30+0, no EFW recorded (cannot rule out <800 g)',
          omit(pob('30+0'), 'estimatedFetalWeightGrams'),
          UNDECIDED,
        ],
      ]);
    });
    describe('PERIPrem-2022 [S24] (same as BAPM)', () => {
      judges('PERIPrem-2022', 'place-of-birth', bapmBoundaries('S24'));
    });
    describe('SPSP-Scotland [S29] (quotes BAPM)', () => {
      judges('SPSP-Scotland', 'place-of-birth', bapmBoundaries('S29'));
    });
    describe('MatNeoSIP-2023 [S20][S21] (as BAPM-AO)', () => {
      judges('MatNeoSIP-2023', 'place-of-birth', bapmBoundaries('S28'));
    });

    describe('NNAP-2021 [S30]: <27+0 only', () => {
      judges('NNAP-2021', 'place-of-birth', [
        ['S30', 'singleton 26+6, born on a NICU site', pob('26+6'), MET],
        [
          'S30',
          'singleton 26+6, born off a NICU site',
          pob('26+6', { bornOnNicuSite: false }),
          bornElsewhere,
        ],
        ['S30', 'singleton 27+0', pob('27+0'), NOT_ELIGIBLE],
        [
          'S30',
          'twins 27+3 (multiples not in the 2021 measure)',
          pob('27+3', { plurality: 2 }),
          NOT_ELIGIBLE,
        ],
        [
          'S30',
          '30+0, EFW 700 g and birth weight 700 g (weight not in the 2021 measure)',
          pob('30+0', { estimatedFetalWeightGrams: 700, birthWeightGrams: 700 }),
          NOT_ELIGIBLE,
        ],
        [
          'S30',
          '30+0, no weights recorded (gestation alone decides)',
          omit(pob('30+0'), 'estimatedFetalWeightGrams', 'birthWeightGrams'),
          NOT_ELIGIBLE,
        ],
      ]);
    });

    describe('NNAP-2022+ [S31]: <27+0, birth weight <800 g, multiples <28+0', () => {
      judges('NNAP-2022+', 'place-of-birth', [
        ['S31', 'singleton 26+6', pob('26+6'), MET],
        ['S31', 'singleton 27+0', pob('27+0'), NOT_ELIGIBLE],
        ['S31', 'twins 27+6', pob('27+6', { plurality: 2 }), MET],
        ['S31', 'twins 28+0', pob('28+0', { plurality: 2 }), NOT_ELIGIBLE],
        ['S31', '30+0, birth weight 799 g', pob('30+0', { birthWeightGrams: 799 }), MET],
        ['S31', '30+0, birth weight 800 g', pob('30+0', { birthWeightGrams: 800 }), NOT_ELIGIBLE],
        [
          'S31',
          '30+0, birth weight 799 g, born off a NICU site',
          pob('30+0', { birthWeightGrams: 799, bornOnNicuSite: false }),
          bornElsewhere,
        ],
        [
          'S31',
          '30+0, EFW 700 g but birth weight 1000 g (the audit counts birth weight)',
          pob('30+0', { estimatedFetalWeightGrams: 700, birthWeightGrams: 1000 }),
          NOT_ELIGIBLE,
        ],
        [
          'S31',
          '30+0, no birth weight recorded (cannot rule out <800 g)',
          omit(pob('30+0'), 'birthWeightGrams'),
          UNDECIDED,
        ],
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('antenatal-corticosteroids', () => {
    const twoDoses = [steroid(-48 * H), steroid(-24 * H)];

    /** BAPM: birth <34+0 (no lower bound); full course = >= 2 doses, all within the 7 days before birth. */
    const bapmBoundaries = (source: string): JudgementRow[] => [
      [source, '33+6, doses 48 h and 24 h before birth', born('33+6', twoDoses), MET],
      [source, '34+0, doses 48 h and 24 h before birth', born('34+0', twoDoses), NOT_ELIGIBLE],
      [
        source,
        'first dose exactly 7 days before birth (A10: inclusive)',
        born('30+0', [steroid(-7 * D), steroid(-7 * D + 12 * H)]),
        MET,
      ],
      [
        source,
        'first dose 7 days 1 min before birth',
        born('30+0', [steroid(-7 * D - MIN), steroid(-7 * D + 12 * H)]),
        NOT_MET,
      ],
    ];

    describe('BAPM-AO [S28]: full course no more than 7 days before birth (A1)', () => {
      judges('BAPM-AO', 'antenatal-corticosteroids', [
        ...bapmBoundaries('S28'),
        ['S28', '23+0, full course (no lower bound stated; A1)', born('23+0', twoDoses), MET],
        [
          'S28',
          'one dose only, 24 h before birth (not a full course)',
          born('30+0', [steroid(-24 * H)]),
          NOT_MET,
        ],
        [
          'S28',
          'second dose exactly at birth (A10: birth − 7 d ≤ t ≤ birth)',
          born('30+0', [steroid(-12 * H), steroid(0)]),
          MET,
        ],
        [
          'S28',
          'second dose 1 min after birth: one dose before birth',
          born('30+0', [steroid(-12 * H), steroid(MIN)]),
          NOT_MET,
        ],
        ['S28', 'doses only after birth', born('30+0', [steroid(H), steroid(13 * H)]), NOT_GIVEN],
        ['S28', 'no corticosteroid recorded', born('30+0', [UNRELATED]), NOT_GIVEN],
      ]);
    });

    describe('MatNeoSIP-2023 (as BAPM-AO) [S28]', () => {
      judges('MatNeoSIP-2023', 'antenatal-corticosteroids', [
        ...bapmBoundaries('S28'),
        ['S28', 'one dose only (not a full course)', born('30+0', [steroid(-24 * H)]), NOT_MET],
      ]);
    });

    describe('PERIPrem-2022 [S24]: two doses 12–24 h apart, >24 h and <7 days before birth', () => {
      judges('PERIPrem-2022', 'antenatal-corticosteroids', [
        [
          'S24',
          '33+6, doses 66 h and 48 h before birth (18 h apart)',
          born('33+6', [steroid(-66 * H), steroid(-48 * H)]),
          MET,
        ],
        ['S24', '34+0, same doses', born('34+0', [steroid(-66 * H), steroid(-48 * H)]), NOT_ELIGIBLE],
        ['S24', 'doses exactly 12 h apart', born('30+0', [steroid(-60 * H), steroid(-48 * H)]), MET],
        ['S24', 'doses 11 h 59 min apart', born('30+0', [steroid(-60 * H + MIN), steroid(-48 * H)]), NOT_MET],
        ['S24', 'doses exactly 24 h apart', born('30+0', [steroid(-72 * H), steroid(-48 * H)]), MET],
        ['S24', 'doses 24 h 1 min apart', born('30+0', [steroid(-72 * H - MIN), steroid(-48 * H)]), NOT_MET],
        [
          'S24',
          'second dose exactly 24 h before birth (">24 h" is strict)',
          born('30+0', [steroid(-36 * H), steroid(-24 * H)]),
          NOT_MET,
        ],
        [
          'S24',
          'second dose 24 h 1 min before birth',
          born('30+0', [steroid(-36 * H - MIN), steroid(-24 * H - MIN)]),
          MET,
        ],
        [
          'S24',
          'first dose exactly 7 days before birth ("<7 days" is strict)',
          born('30+0', [steroid(-7 * D), steroid(-7 * D + 12 * H)]),
          NOT_MET,
        ],
        [
          'S24',
          'first dose 6 days 23 h 59 min before birth',
          born('30+0', [steroid(-7 * D + MIN), steroid(-7 * D + 12 * H + MIN)]),
          MET,
        ],
        ['S24', 'one dose only, 48 h before birth', born('30+0', [steroid(-48 * H)]), NOT_MET],
        ['S24', 'no corticosteroid recorded', born('30+0', [UNRELATED]), NOT_GIVEN],
      ]);
    });

    describe('NNAP-2021 [S30]: 23+0–33+6, at least one dose (A1)', () => {
      const oneDose = [steroid(-48 * H)];
      judges('NNAP-2021', 'antenatal-corticosteroids', [
        ['S30', '22+6, one dose', born('22+6', oneDose), NOT_ELIGIBLE],
        ['S30', '23+0, one dose', born('23+0', oneDose), MET],
        ['S30', '33+6, one dose', born('33+6', oneDose), MET],
        ['S30', '34+0, one dose', born('34+0', oneDose), NOT_ELIGIBLE],
        ['S30', 'one dose 30 days before birth (any dose counts)', born('30+0', [steroid(-30 * D)]), MET],
        ['S30', 'dose only after birth', born('30+0', [steroid(2 * H)]), NOT_GIVEN],
        ['S30', 'no corticosteroid recorded', born('30+0', [UNRELATED]), NOT_GIVEN],
      ]);
    });

    describe('NNAP-2022+ [S31]: 22+0–33+6, full course within 1 week before delivery (A1)', () => {
      judges('NNAP-2022+', 'antenatal-corticosteroids', [
        ['S31', '21+6, full course', born('21+6', twoDoses), NOT_ELIGIBLE],
        ['S31', '22+0, full course', born('22+0', twoDoses), MET],
        ['S31', '33+6, full course', born('33+6', twoDoses), MET],
        ['S31', '34+0, full course', born('34+0', twoDoses), NOT_ELIGIBLE],
        [
          'S31',
          'first dose exactly 7 days before delivery (A10: inclusive)',
          born('30+0', [steroid(-7 * D), steroid(-7 * D + 12 * H)]),
          MET,
        ],
        [
          'S31',
          'first dose 7 days 1 min before delivery',
          born('30+0', [steroid(-7 * D - MIN), steroid(-7 * D + 12 * H)]),
          NOT_MET,
        ],
        ['S31', 'one dose only (not a full course)', born('30+0', [steroid(-24 * H)]), NOT_MET],
      ]);
    });

    describe('NICE-QS135 statement 5 [S34]: 24+0–33+6 in preterm labour or planned preterm birth, any dose', () => {
      const oneDose = [steroid(-48 * H)];
      const at = (gestation: string, state: string, events: readonly PretermEvent[] = oneDose): Case =>
        born(gestation, events, { labour: labour(state, gestation) });
      judges('NICE-QS135', 'antenatal-corticosteroids', [
        ['S34', '23+6, suspected preterm labour', at('23+6', 'suspected'), NOT_ELIGIBLE],
        ['S34', '24+0, suspected preterm labour', at('24+0', 'suspected'), MET],
        ['S34', '33+6, diagnosed preterm labour', at('33+6', 'diagnosed'), MET],
        ['S34', '34+0, established labour', at('34+0', 'established'), NOT_ELIGIBLE],
        ['S34', '30+0, planned preterm birth (parallel measure)', at('30+0', 'planned-birth'), MET],
        ['S34', '30+0, no labour and no planned birth', at('30+0', 'none'), NOT_ELIGIBLE],
        [
          'S34',
          '30+0, established labour, no corticosteroid',
          at('30+0', 'established', [UNRELATED]),
          NOT_GIVEN,
        ],
        ['S34', '30+0, labour not recorded', omit(born('30+0', oneDose), 'labour'), UNDECIDED],
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('magnesium-sulphate', () => {
    const loading6h = [mgLoading(-6 * H)];

    /** BAPM: birth <30+0 (no lower bound); loading dose (or infusion start) within the 24 h before birth. */
    const bapmBoundaries = (source: string): JudgementRow[] => [
      [source, '29+6, loading 6 h before birth', born('29+6', loading6h), MET],
      [source, '30+0, loading 6 h before birth', born('30+0', loading6h), NOT_ELIGIBLE],
      [source, 'loading exactly 24 h before birth (A10: inclusive)', born('28+0', [mgLoading(-24 * H)]), MET],
      [source, 'loading 24 h 1 min before birth', born('28+0', [mgLoading(-24 * H - MIN)]), NOT_MET],
    ];

    describe('BAPM-AO [S28]: loading dose within the 24 h before birth (A2)', () => {
      judges('BAPM-AO', 'magnesium-sulphate', [
        ...bapmBoundaries('S28'),
        ['S28', '23+0, loading 6 h before birth (no lower bound stated; A2)', born('23+0', loading6h), MET],
        ['S28', 'infusion only, started 3 h before birth', born('28+0', [mgInfusion(-3 * H, 0)]), MET],
        ['S28', 'loading only after birth', born('28+0', [mgLoading(10 * MIN)]), NOT_GIVEN],
        ['S28', 'no magnesium sulphate recorded', born('28+0', [UNRELATED]), NOT_GIVEN],
      ]);
    });

    describe('MatNeoSIP-2023 (as BAPM-AO) [S28]', () => {
      judges('MatNeoSIP-2023', 'magnesium-sulphate', bapmBoundaries('S28'));
    });

    describe('PERIPrem-2022 [S24]: >4 h and <24 h before birth, strict (A2)', () => {
      judges('PERIPrem-2022', 'magnesium-sulphate', [
        ['S24', '29+6, loading 6 h before birth', born('29+6', loading6h), MET],
        ['S24', '30+0, loading 6 h before birth', born('30+0', loading6h), NOT_ELIGIBLE],
        [
          'S24',
          'loading exactly 4 h before birth (">4 h" is strict)',
          born('28+0', [mgLoading(-4 * H)]),
          NOT_MET,
        ],
        ['S24', 'loading 4 h 1 min before birth', born('28+0', [mgLoading(-4 * H - MIN)]), MET],
        [
          'S24',
          'loading exactly 24 h before birth ("<24 h" is strict)',
          born('28+0', [mgLoading(-24 * H)]),
          NOT_MET,
        ],
        ['S24', 'loading 23 h 59 min before birth', born('28+0', [mgLoading(-24 * H + MIN)]), MET],
        ['S24', 'no magnesium sulphate recorded', born('28+0', [UNRELATED]), NOT_GIVEN],
      ]);
    });

    /** NNAP: mother delivering below 30 weeks given MgSO4 in the 24 h before delivery. */
    const nnapRows = (source: string): JudgementRow[] => [
      [source, '29+6, loading 6 h before delivery', born('29+6', loading6h), MET],
      [source, '30+0, loading 6 h before delivery', born('30+0', loading6h), NOT_ELIGIBLE],
      [
        source,
        'loading exactly 24 h before delivery (A10: inclusive)',
        born('28+0', [mgLoading(-24 * H)]),
        MET,
      ],
      [source, 'loading 24 h 1 min before delivery', born('28+0', [mgLoading(-24 * H - MIN)]), NOT_MET],
    ];
    describe('NNAP-2021 [S30]', () => {
      judges('NNAP-2021', 'magnesium-sulphate', [
        ...nnapRows('S30'),
        ['S30', '23+0 ("below 30 weeks", no lower bound)', born('23+0', loading6h), MET],
        ['S30', 'no magnesium sulphate recorded', born('28+0', [UNRELATED]), NOT_GIVEN],
      ]);
    });
    describe('NNAP-2022+ (as NNAP-2021) [S30][S31]', () => {
      judges('NNAP-2022+', 'magnesium-sulphate', nnapRows('S30'));
    });

    describe('NICE-QS135 statement 6 [S36]: 24+0–29+6, established labour (a) or planned birth within 24 h (b)', () => {
      const at = (gestation: string, state: string, events: readonly PretermEvent[]): Case =>
        born(gestation, events, { labour: labour(state, gestation) });
      const early = [mgLoading(-30 * H)];
      judges('NICE-QS135', 'magnesium-sulphate', [
        ['S36', '23+6, established labour', at('23+6', 'established', loading6h), NOT_ELIGIBLE],
        [
          'S36',
          '24+0, established labour, loading 30 h before birth (measure a: any)',
          at('24+0', 'established', early),
          MET,
        ],
        [
          'S36',
          '29+6, established labour, loading 6 h before birth',
          at('29+6', 'established', loading6h),
          MET,
        ],
        ['S36', '30+0, established labour', at('30+0', 'established', loading6h), NOT_ELIGIBLE],
        [
          'S36',
          '27+0, planned birth, loading exactly 24 h before birth (measure b)',
          at('27+0', 'planned-birth', [mgLoading(-24 * H)]),
          MET,
        ],
        [
          'S36',
          '27+0, planned birth, loading 24 h 1 min before birth',
          at('27+0', 'planned-birth', [mgLoading(-24 * H - MIN)]),
          NOT_MET,
        ],
        ['S36', '27+0, suspected labour only', at('27+0', 'suspected', loading6h), NOT_ELIGIBLE],
        [
          'S36',
          '27+0, established labour, no magnesium sulphate',
          at('27+0', 'established', [UNRELATED]),
          NOT_GIVEN,
        ],
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('intrapartum-antibiotics', () => {
    const given2h = [antibiotics(-2 * H)];
    /** Born at `birth` after labour in `state` at `labourGestation` (undefined: labour.gestation not recorded). */
    const after = (
      birth: string,
      state: string,
      labourGestation: string | undefined,
      events: readonly PretermEvent[] = given2h,
      membranesRuptured = false,
    ): Case => born(birth, events, { labour: labour(state, labourGestation, membranesRuptured) });

    /** BAPM: all women in established preterm labour (<37+0), membranes ruptured or not; timing not stated. */
    const bapmBoundaries = (source: string): JudgementRow[] => [
      [
        source,
        'established labour at 36+6, given 2 h before birth',
        after('36+6', 'established', '36+6'),
        MET,
      ],
      [source, 'established labour at 37+0', after('37+0', 'established', '37+0'), NOT_ELIGIBLE],
      [
        source,
        'labour at 36+6, born at 37+1 (gestation at labour decides)',
        after('37+1', 'established', '36+6'),
        MET,
      ],
      [
        source,
        'established labour at 30+0, no antibiotics',
        after('30+0', 'established', '30+0', [UNRELATED]),
        NOT_GIVEN,
      ],
    ];

    describe('BAPM-AO [S28]: established preterm labour <37+0 (A7)', () => {
      judges('BAPM-AO', 'intrapartum-antibiotics', [
        ...bapmBoundaries('S28'),
        ['S28', 'no labour.gestation, born 36+6', after('36+6', 'established', undefined), MET],
        ['S28', 'no labour.gestation, born 37+0', after('37+0', 'established', undefined), NOT_ELIGIBLE],
        [
          'S28',
          'diagnosed (not established) labour at 30+0',
          after('30+0', 'diagnosed', '30+0'),
          NOT_ELIGIBLE,
        ],
        ['S28', 'planned birth at 30+0, no labour', after('30+0', 'planned-birth', '30+0'), NOT_ELIGIBLE],
        [
          'S28',
          'established labour at 30+0, membranes ruptured',
          after('30+0', 'established', '30+0', given2h, true),
          MET,
        ],
        ['S28', 'given 1 min before birth', after('30+0', 'established', '30+0', [antibiotics(-MIN)]), MET],
        [
          'S28',
          'given only after birth',
          after('30+0', 'established', '30+0', [antibiotics(MIN)]),
          NOT_GIVEN,
        ],
      ]);
    });

    describe('MatNeoSIP-2023 (as BAPM-AO) [S28]', () => {
      judges('MatNeoSIP-2023', 'intrapartum-antibiotics', bapmBoundaries('S28'));
    });

    describe('PERIPrem-2022 [S24]: <34+0, active labour at any point, first dose at least 4 h before birth (A7)', () => {
      judges('PERIPrem-2022', 'intrapartum-antibiotics', [
        [
          'S24',
          '33+6, first dose exactly 4 h before birth',
          after('33+6', 'established', '33+6', [antibiotics(-4 * H)]),
          MET,
        ],
        [
          'S24',
          '33+6, first dose 3 h 59 min before birth',
          after('33+6', 'established', '33+6', [antibiotics(-4 * H + MIN)]),
          NOT_MET,
        ],
        [
          'S24',
          '34+0, established labour',
          after('34+0', 'established', '34+0', [antibiotics(-5 * H)]),
          NOT_ELIGIBLE,
        ],
        ['S24', '30+0, diagnosed but never active labour', after('30+0', 'diagnosed', '30+0'), NOT_ELIGIBLE],
        [
          'S24',
          'doses 5 h and 1 h before birth (the first dose counts)',
          after('30+0', 'established', '30+0', [antibiotics(-5 * H), antibiotics(-H)]),
          MET,
        ],
        ['S24', 'no antibiotics', after('30+0', 'established', '30+0', [UNRELATED]), NOT_GIVEN],
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('optimal-cord-management: clamped at or after 60 s (A3)', () => {
    const clamp90 = [cordClamped(90 * S)];
    const timing = (source: string, gestation: string): JudgementRow[] => [
      [source, `${gestation}, clamped exactly 60 s after birth`, born(gestation, [cordClamped(60 * S)]), MET],
      [source, `${gestation}, clamped 59 s after birth`, born(gestation, [cordClamped(59 * S)]), NOT_MET],
    ];

    describe('PERIPrem-2022 [S24]: <34+0', () => {
      judges('PERIPrem-2022', 'optimal-cord-management', [
        ['S24', '33+6, clamped at 90 s', born('33+6', clamp90), MET],
        ['S24', '34+0, clamped at 90 s', born('34+0', clamp90), NOT_ELIGIBLE],
        ...timing('S24', '33+6'),
      ]);
    });
    describe('NNAP-2021 [S30]: <32+0', () => {
      judges('NNAP-2021', 'optimal-cord-management', [
        ['S30', '31+6, clamped at 90 s', born('31+6', clamp90), MET],
        ['S30', '32+0, clamped at 90 s', born('32+0', clamp90), NOT_ELIGIBLE],
        ...timing('S30', '31+6'),
      ]);
    });
    describe('NNAP-2022+ [S38]: <34+0 (2023 reporting)', () => {
      judges('NNAP-2022+', 'optimal-cord-management', [
        ['S38', '33+6, clamped at 90 s', born('33+6', clamp90), MET],
        ['S38', '34+0, clamped at 90 s', born('34+0', clamp90), NOT_ELIGIBLE],
        ...timing('S38', '33+6'),
      ]);
    });
    describe('SPSP-Scotland [S26]: all infants', () => {
      judges('SPSP-Scotland', 'optimal-cord-management', [
        ['S26', '40+0, clamped at 90 s', born('40+0', clamp90), MET],
        ['S26', '23+0, clamped at 90 s', born('23+0', clamp90), MET],
        ...timing('S26', '38+0'),
      ]);
    });
    describe('MatNeoSIP-2023 (as NNAP-2022+) [S38]: <34+0', () => {
      judges('MatNeoSIP-2023', 'optimal-cord-management', [
        ['S38', '33+6, clamped at 90 s', born('33+6', clamp90), MET],
        ['S38', '34+0, clamped at 90 s', born('34+0', clamp90), NOT_ELIGIBLE],
        ...timing('S38', '30+0'),
        ['S38', 'clamped immediately at birth', born('30+0', [cordClamped(0)]), NOT_MET],
        ['S38', 'no cord-clamped event', born('30+0', [UNRELATED]), NOT_GIVEN],
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('normothermia: 36.5–37.5 °C inclusive (A4)', () => {
    /** Admitted at 10 min; one temperature `minutes` after birth. */
    const firstTemp = (gestation: string, celsius: number, minutes = 20): Case =>
      born(gestation, [admitted(10 * MIN), temperature(minutes * MIN, celsius)]);

    /** NNAP anchor: <32+0, first admission temperature measured within 1 h of BIRTH. */
    const nnapBoundaries = (source: string): JudgementRow[] => [
      [source, '31+6, 36.8 °C at 20 min', firstTemp('31+6', 36.8), MET],
      [source, '32+0, 36.8 °C at 20 min', firstTemp('32+0', 36.8), NOT_ELIGIBLE],
      [source, '36.5 °C', firstTemp('30+0', 36.5), MET],
      [source, '36.4 °C', firstTemp('30+0', 36.4), NOT_MET],
      [source, 'taken exactly 60 min after birth', firstTemp('30+0', 36.8, 60), MET],
      [source, 'taken 61 min after birth', firstTemp('30+0', 36.8, 61), NOT_MET],
    ];

    describe('NNAP-2021 [S30]: <32+0, within 1 h of birth', () => {
      judges('NNAP-2021', 'normothermia', [
        ...nnapBoundaries('S30'),
        ['S30', '37.5 °C', firstTemp('30+0', 37.5), MET],
        ['S30', '37.6 °C', firstTemp('30+0', 37.6), NOT_MET],
        [
          'S30',
          'admitted at 30 min, taken at 80 min: 50 min after admission but 80 min after birth',
          born('30+0', [admitted(30 * MIN), temperature(80 * MIN, 36.8)]),
          NOT_MET,
        ],
        [
          'S30',
          'first temperature 36.2 °C at 20 min, then 36.8 °C at 40 min (the first counts)',
          born('30+0', [admitted(10 * MIN), temperature(20 * MIN, 36.2), temperature(40 * MIN, 36.8)]),
          NOT_MET,
        ],
        ['S30', 'no temperature recorded', born('30+0', [admitted(10 * MIN)]), NOT_GIVEN],
      ]);
    });
    describe('NNAP-2022+ (as NNAP-2021) [S30]', () => {
      judges('NNAP-2022+', 'normothermia', [
        ...nnapBoundaries('S30'),
        ['S30', '37.6 °C', firstTemp('30+0', 37.6), NOT_MET],
      ]);
    });
    describe('SPSP-Scotland [S26]: cites NNAP', () => {
      judges('SPSP-Scotland', 'normothermia', [
        ...nnapBoundaries('S26'),
        ['S26', '37.5 °C', firstTemp('30+0', 37.5), MET],
      ]);
    });
    describe('MatNeoSIP-2023 (as NNAP-2021) [S30]', () => {
      judges('MatNeoSIP-2023', 'normothermia', [
        ...nnapBoundaries('S30'),
        ['S30', '37.5 °C', firstTemp('30+0', 37.5), MET],
        ['S30', '37.6 °C', firstTemp('30+0', 37.6), NOT_MET],
        ['S30', 'no temperature recorded', born('30+0', [admitted(10 * MIN)]), NOT_GIVEN],
      ]);
    });

    describe('PERIPrem-2022 [S24]: <34+0, within 1 h of ADMISSION', () => {
      /** Admitted at 30 min; one temperature `minutes` after admission. */
      const afterAdmission = (gestation: string, celsius: number, minutes = 50): Case =>
        born(gestation, [admitted(30 * MIN), temperature((30 + minutes) * MIN, celsius)]);
      judges('PERIPrem-2022', 'normothermia', [
        [
          'S24',
          '33+6, 36.8 °C 50 min after admission (80 min after birth)',
          afterAdmission('33+6', 36.8),
          MET,
        ],
        ['S24', '34+0, 36.8 °C', afterAdmission('34+0', 36.8), NOT_ELIGIBLE],
        ['S24', 'taken exactly 60 min after admission', afterAdmission('30+0', 36.8, 60), MET],
        ['S24', 'taken 61 min after admission', afterAdmission('30+0', 36.8, 61), NOT_MET],
        ['S24', '36.4 °C', afterAdmission('30+0', 36.4), NOT_MET],
        ['S24', '36.5 °C', afterAdmission('30+0', 36.5), MET],
        ['S24', '37.5 °C', afterAdmission('30+0', 37.5), MET],
        ['S24', '37.6 °C', afterAdmission('30+0', 37.6), NOT_MET],
        [
          'S24',
          'delivery-room 36.0 °C before admission, then 36.8 °C 20 min after admission (first after admission counts)',
          born('30+0', [temperature(5 * MIN, 36.0), admitted(20 * MIN), temperature(40 * MIN, 36.8)]),
          MET,
        ],
        ['S24', 'no temperature recorded', born('30+0', [admitted(30 * MIN)]), NOT_GIVEN],
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('maternal-breast-milk: within 24 h of birth (A5)', () => {
    describe('MatNeoSIP-2023 [S21]: cohort not retrieved, chosen <34+0', () => {
      judges('MatNeoSIP-2023', 'maternal-breast-milk', [
        ['S21', '33+6, milk at 2 h', born('33+6', [breastMilk(2 * H)]), MET],
        ['S21', '34+0, milk at 2 h', born('34+0', [breastMilk(2 * H)]), NOT_ELIGIBLE],
        ['S21', 'milk exactly 24 h after birth', born('30+0', [breastMilk(24 * H)]), MET],
        ['S21', 'milk 24 h 1 min after birth', born('30+0', [breastMilk(24 * H + MIN)]), NOT_MET],
        ['S21', 'no breast milk recorded', born('30+0', [UNRELATED]), NOT_GIVEN],
      ]);
    });
    describe('SPSP-Scotland [S26]: <32+0', () => {
      judges('SPSP-Scotland', 'maternal-breast-milk', [
        ['S26', '31+6, milk at 2 h', born('31+6', [breastMilk(2 * H)]), MET],
        ['S26', '32+0, milk at 2 h', born('32+0', [breastMilk(2 * H)]), NOT_ELIGIBLE],
        ['S26', 'milk exactly 24 h after birth', born('30+0', [breastMilk(24 * H)]), MET],
        ['S26', 'milk 24 h 1 min after birth', born('30+0', [breastMilk(24 * H + MIN)]), NOT_MET],
        ['S26', 'no breast milk recorded', born('30+0', [UNRELATED]), NOT_GIVEN],
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('caffeine: <30+0 (A6)', () => {
    describe('MatNeoSIP-2023 [S20][S21]: started within 24 h of birth', () => {
      judges('MatNeoSIP-2023', 'caffeine', [
        ['S21', '29+6, caffeine at 2 h', born('29+6', [caffeine(2 * H)]), MET],
        ['S21', '30+0, caffeine at 2 h', born('30+0', [caffeine(2 * H)]), NOT_ELIGIBLE],
        ['S21', 'started exactly 24 h after birth', born('28+0', [caffeine(24 * H)]), MET],
        ['S21', 'started 24 h 1 min after birth', born('28+0', [caffeine(24 * H + MIN)]), NOT_MET],
        ['S21', 'started at 30 h (meets Scotland, not MatNeoSIP)', born('28+0', [caffeine(30 * H)]), NOT_MET],
        ['S21', 'no caffeine recorded', born('28+0', [UNRELATED]), NOT_GIVEN],
      ]);
    });
    describe('SPSP-Scotland [S26]: at least one dose within the first 72 h', () => {
      judges('SPSP-Scotland', 'caffeine', [
        ['S26', '29+6, caffeine at 2 h', born('29+6', [caffeine(2 * H)]), MET],
        ['S26', '30+0, caffeine at 2 h', born('30+0', [caffeine(2 * H)]), NOT_ELIGIBLE],
        ['S26', 'first dose exactly 72 h after birth', born('28+0', [caffeine(72 * H)]), MET],
        ['S26', 'first dose 72 h 1 min after birth', born('28+0', [caffeine(72 * H + MIN)]), NOT_MET],
        ['S26', 'first dose at 30 h (meets Scotland, not MatNeoSIP)', born('28+0', [caffeine(30 * H)]), MET],
        ['S26', 'no caffeine recorded', born('28+0', [UNRELATED]), NOT_GIVEN],
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('volume-targeted-ventilation: MatNeoSIP-2023 [S20][S21], <34+0 and invasively ventilated', () => {
    judges('MatNeoSIP-2023', 'volume-targeted-ventilation', [
      ['S21', '33+6, ventilated, VTV + synchronised', born('33+6', [ventilated(30 * MIN, VTV)]), MET],
      [
        'S21',
        '34+0, ventilated, VTV + synchronised',
        born('34+0', [ventilated(30 * MIN, VTV)]),
        NOT_ELIGIBLE,
      ],
      ['S21', '33+6, never invasively ventilated', born('33+6', [UNRELATED]), NOT_ELIGIBLE],
      [
        'S21',
        'first mode not VTV, VTV later (primary mode is the first)',
        born('30+0', [ventilated(30 * MIN, NON_VTV), ventilated(6 * H, VTV)]),
        { eligible: true, meetsStandard: false },
      ],
      [
        'S21',
        'first mode VTV, changed later',
        born('30+0', [ventilated(30 * MIN, VTV), ventilated(6 * H, NON_VTV)]),
        { eligible: true, meetsStandard: true },
      ],
      ['S21', '30+0, no events array (ventilation unknown)', omit(born('30+0', []), 'events'), UNDECIDED],
      [
        'S21',
        '34+0, no events array (gestation decides)',
        omit(born('34+0', []), 'events'),
        { eligible: false },
      ],
    ]);
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('missing data: never guessed (MatNeoSIP-2023)', () => {
    const allOnTime = [
      steroid(-48 * H),
      steroid(-24 * H),
      mgLoading(-6 * H),
      antibiotics(-5 * H),
      cordClamped(90 * S),
      admitted(10 * MIN),
      temperature(30 * MIN, 36.8),
      caffeine(3 * H),
      breastMilk(6 * H),
    ];
    it.each<readonly [string, Case, Partial<Record<InterventionId, Judgement>>]>([
      [
        'no gestationAtBirth (EFW 1500 g, labour gestation not recorded): gestation-based eligibility is null',
        omit(born('29+0', allOnTime, { labour: labour('established') }), 'gestationAtBirth'),
        {
          'place-of-birth': UNDECIDED,
          'antenatal-corticosteroids': UNDECIDED,
          'magnesium-sulphate': UNDECIDED,
          'intrapartum-antibiotics': UNDECIDED,
          'optimal-cord-management': UNDECIDED,
          normothermia: UNDECIDED,
          'maternal-breast-milk': UNDECIDED,
          caffeine: UNDECIDED,
          // events present, no invasive-ventilation event: not eligible whatever the gestation
          'volume-targeted-ventilation': NOT_ELIGIBLE,
        },
      ],
      [
        'no gestationAtBirth, EFW 700 g: place of birth eligible at any gestation [S28]',
        omit(born('29+0', allOnTime, { estimatedFetalWeightGrams: 700 }), 'gestationAtBirth'),
        { 'place-of-birth': MET },
      ],
      [
        'no gestationAtBirth, established labour at 30+0: antibiotics decided by labour gestation [S28]',
        omit(born('30+0', allOnTime), 'gestationAtBirth'),
        { 'intrapartum-antibiotics': MET },
      ],
      [
        'labour not recorded: antibiotics eligibility is null',
        omit(born('30+0', allOnTime), 'labour'),
        { 'intrapartum-antibiotics': UNDECIDED },
      ],
      [
        'no events array at 29+0: received and meetsStandard null; VTV eligibility null',
        omit(born('29+0', []), 'events'),
        {
          'antenatal-corticosteroids': NOT_RECORDED,
          'magnesium-sulphate': NOT_RECORDED,
          'intrapartum-antibiotics': NOT_RECORDED,
          'optimal-cord-management': NOT_RECORDED,
          normothermia: NOT_RECORDED,
          'maternal-breast-milk': NOT_RECORDED,
          caffeine: NOT_RECORDED,
          'volume-targeted-ventilation': UNDECIDED,
        },
      ],
      [
        'no birthTime at 29+0: timing cannot be judged, meetsStandard null',
        omit(born('29+0', allOnTime), 'birthTime'),
        {
          'antenatal-corticosteroids': { eligible: true, meetsStandard: null },
          'magnesium-sulphate': { eligible: true, meetsStandard: null },
          'intrapartum-antibiotics': { eligible: true, meetsStandard: null },
          'optimal-cord-management': { eligible: true, meetsStandard: null },
          normothermia: { eligible: true, meetsStandard: null },
          'maternal-breast-milk': { eligible: true, meetsStandard: null },
          caffeine: { eligible: true, meetsStandard: null },
        },
      ],
      [
        'bornOnNicuSite not recorded at 26+0: place of birth received null',
        omit(born('26+0', allOnTime), 'bornOnNicuSite'),
        { 'place-of-birth': NOT_RECORDED },
      ],
    ])('%s', (_title, input, expected) => {
      expect(rowsById(evaluateOk('MatNeoSIP-2023', input))).toMatchObject(expected);
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('prospective prompts (`due`), before birth', () => {
    const NOW = '2026-03-01T10:00:00Z';
    const NOW_MS = Date.parse(NOW);
    /** A woman not yet delivered; event offsets are relative to `now` (same instant as BIRTH above). */
    const woman = (
      gestationNow: string,
      state: string,
      events: readonly PretermEvent[] = [],
      extra: Case = {},
    ): Case => ({
      now: NOW,
      gestationNow,
      plurality: 1,
      estimatedFetalWeightGrams: 1500,
      labour: labour(state),
      events,
      ...extra,
    });

    type DueView = { action: string; by: number | null } | 'none';
    const give = (by: 'now' | null): DueView => ({ action: 'give', by: by === 'now' ? NOW_MS : null });
    const discuss: DueView = { action: 'discuss', by: null };

    function expectDue(
      ruleSet: string,
      input: Case,
      expected: Partial<Record<InterventionId, DueView>>,
    ): void {
      const due = evaluateOk(ruleSet, input).due;
      for (const [id, want] of Object.entries(expected)) {
        const entries = due.filter((d) => d.intervention === id);
        expect(entries.length).toBeLessThanOrEqual(1);
        const entry = entries[0];
        const got: DueView =
          entry === undefined
            ? 'none'
            : { action: entry.action, by: entry.by === null ? null : Date.parse(entry.by) };
        expect({ [id]: got }).toEqual({ [id]: want });
      }
    }

    const STEROIDS = 'antenatal-corticosteroids';
    const MGSO4 = 'magnesium-sulphate';
    const ABX = 'intrapartum-antibiotics';
    const POB = 'place-of-birth';

    describe.each(['BAPM-AO', 'MatNeoSIP-2023'])('%s [S28]', (ruleSet) => {
      it.each<readonly [string, Case, Partial<Record<InterventionId, DueView>>]>([
        [
          'suspected labour 30+0: steroids now; nothing else',
          woman('30+0', 'suspected'),
          { [STEROIDS]: give('now'), [MGSO4]: 'none', [ABX]: 'none', [POB]: 'none' },
        ],
        ['suspected labour 33+6: steroids now', woman('33+6', 'suspected'), { [STEROIDS]: give('now') }],
        ['suspected labour 34+0: no steroids', woman('34+0', 'suspected'), { [STEROIDS]: 'none' }],
        ['no labour, no planned birth, 30+0: no steroids', woman('30+0', 'none'), { [STEROIDS]: 'none' }],
        [
          'planned birth 29+0: steroids now, MgSO4 within the 24 h before birth, no antibiotics',
          woman('29+0', 'planned-birth'),
          { [STEROIDS]: give('now'), [MGSO4]: give(null), [ABX]: 'none' },
        ],
        [
          'established labour 29+6: steroids now, MgSO4 (by unknown), antibiotics now',
          woman('29+6', 'established'),
          { [STEROIDS]: give('now'), [MGSO4]: give(null), [ABX]: give('now') },
        ],
        [
          'established labour 30+0: no MgSO4',
          woman('30+0', 'established'),
          { [MGSO4]: 'none', [ABX]: give('now') },
        ],
        [
          'diagnosed labour 29+0: no MgSO4, no antibiotics',
          woman('29+0', 'diagnosed'),
          { [MGSO4]: 'none', [ABX]: 'none' },
        ],
        [
          'established labour 36+6: antibiotics now',
          woman('36+6', 'established'),
          { [ABX]: give('now'), [STEROIDS]: 'none' },
        ],
        ['established labour 37+0: no antibiotics', woman('37+0', 'established'), { [ABX]: 'none' }],
        [
          'established labour 29+0, full course, MgSO4 and antibiotics already given: nothing due',
          woman('29+0', 'established', [
            steroid(-36 * H),
            steroid(-12 * H),
            mgLoading(-H),
            antibiotics(-2 * H),
          ]),
          { [STEROIDS]: 'none', [MGSO4]: 'none', [ABX]: 'none' },
        ],
        [
          'singleton 26+6, EFW 1000 g, NICU site not recorded: discuss in-utero transfer',
          woman('26+6', 'suspected', [], { estimatedFetalWeightGrams: 1000 }),
          { [POB]: discuss },
        ],
        [
          'singleton 26+6, not on a NICU site: discuss in-utero transfer',
          woman('26+6', 'suspected', [], { estimatedFetalWeightGrams: 1000, bornOnNicuSite: false }),
          { [POB]: discuss },
        ],
        [
          'singleton 26+6 already on a NICU site: no transfer prompt',
          woman('26+6', 'suspected', [], { estimatedFetalWeightGrams: 1000, bornOnNicuSite: true }),
          { [POB]: 'none' },
        ],
        [
          'singleton 27+0, EFW 1000 g',
          woman('27+0', 'suspected', [], { estimatedFetalWeightGrams: 1000 }),
          { [POB]: 'none' },
        ],
        ['twins 27+6', woman('27+6', 'suspected', [], { plurality: 2 }), { [POB]: discuss }],
        ['twins 28+0', woman('28+0', 'suspected', [], { plurality: 2 }), { [POB]: 'none' }],
        [
          'singleton 31+0, EFW 799 g',
          woman('31+0', 'suspected', [], { estimatedFetalWeightGrams: 799 }),
          { [POB]: discuss },
        ],
        [
          'singleton 31+0, EFW 800 g',
          woman('31+0', 'suspected', [], { estimatedFetalWeightGrams: 800 }),
          { [POB]: 'none' },
        ],
      ])('%s', (_title, input, expected) => {
        expectDue(ruleSet, input, expected);
      });

      it('the MgSO4 prompt says it belongs within the 24 h before birth', () => {
        const entry = evaluateOk(ruleSet, woman('28+0', 'established')).due.find(
          (d) => d.intervention === MGSO4,
        );
        expect(entry?.reason).toMatch(/24/);
      });
    });

    describe('NICE-QS135 [S33][S34]: offer 24+0–33+6, discuss 23+0–23+6, consider 34+0–35+6', () => {
      const steroidsAction = (action: string | undefined) => (action === undefined ? 'none' : action);
      it.each<readonly [string, string, string | undefined]>([
        ['22+6', 'suspected', undefined],
        ['23+0', 'suspected', 'discuss'],
        ['23+6', 'diagnosed', 'discuss'],
        ['24+0', 'suspected', 'offer'],
        ['33+6', 'established', 'offer'],
        ['34+0', 'planned-birth', 'consider'],
        ['35+6', 'suspected', 'consider'],
        ['36+0', 'suspected', undefined],
        ['30+0', 'none', undefined],
      ])('%s, labour %s: %s', (gestationNow, state, action) => {
        const entry = evaluateOk('NICE-QS135', woman(gestationNow, state)).due.find(
          (d) => d.intervention === STEROIDS,
        );
        expect(steroidsAction(entry?.action)).toBe(steroidsAction(action));
      });
    });
  });

  // -------------------------------------------------------------------------------------------------------------
  describe('invalid input → { error }', () => {
    const valid = born('29+6', [steroid(-24 * H)]);

    it('unknown rule set id mentions "rules"', () => {
      expect(evaluateError('NNAP-2020', valid)).toMatch(/rules/i);
    });

    it.each<readonly [string, unknown, RegExp]>([
      ['gestationAtBirth "29.5"', { ...valid, gestationAtBirth: '29.5' }, /^gestationAtBirth/],
      ['gestationAtBirth "29+7"', { ...valid, gestationAtBirth: '29+7' }, /^gestationAtBirth/],
      ['gestationAtBirth "29" (no days)', { ...valid, gestationAtBirth: '29' }, /^gestationAtBirth/],
      ['gestationAtBirth as a number', { ...valid, gestationAtBirth: 29 }, /^gestationAtBirth/],
      [
        'labour.gestation "29+7"',
        { ...valid, labour: { state: 'established', membranesRuptured: false, gestation: '29+7' } },
        /^labour\.gestation/,
      ],
      [
        'gestationNow "33.5"',
        {
          now: '2026-03-01T10:00:00Z',
          gestationNow: '33.5',
          plurality: 1,
          labour: labour('suspected'),
          events: [],
        },
        /^gestationNow/,
      ],
      ['birthTime without an offset', { ...valid, birthTime: '2026-03-01T10:00:00' }, /^birthTime/],
      [
        'now without an offset',
        {
          now: '2026-03-01T10:00:00',
          gestationNow: '30+0',
          plurality: 1,
          labour: labour('suspected'),
          events: [],
        },
        /^now/,
      ],
      ['plurality 0', { ...valid, plurality: 0 }, /^plurality/],
      ['plurality 1.5', { ...valid, plurality: 1.5 }, /^plurality/],
      [
        'event time without an offset',
        { ...valid, events: [{ type: 'caffeine', time: '2026-03-01T12:00:00' }] },
        /./,
      ],
      ['unknown event type', { ...valid, events: [{ type: 'paracetamol', time: t(H) }] }, /./],
      ['unknown labour state', { ...valid, labour: { state: 'active', membranesRuptured: false } }, /./],
      ['events not an array', { ...valid, events: 'none' }, /./],
      ['input null', null, /./],
      ['input an array', [valid], /./],
    ])('%s', (_title, input, pattern) => {
      expect(evaluateError('MatNeoSIP-2023', input)).toMatch(pattern);
    });
  });
});
