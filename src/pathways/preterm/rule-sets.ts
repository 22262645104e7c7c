import type { InterventionRule, PretermRuleSet, ProspectivePrompt } from './rule';

// The named preterm rule sets of clinical-rules.md Decision 6. Sources are the [S..] tags of clinical-rules.md §c.2;
// "<30+0" means up to and including 29+6, so a range "to: 29+6" encodes it. Time windows are in minutes.

const HOUR = 60;
const DAY = 24 * HOUR;
const STEROIDS = ['corticosteroid-dose'] as const;
const MAGNESIUM = ['magnesium-sulphate-loading', 'magnesium-sulphate-infusion'] as const;
const ANTIBIOTICS = ['intrapartum-antibiotics'] as const;
const IN_LABOUR = ['suspected', 'diagnosed', 'established', 'planned-birth'] as const;
const INCLUSIVE_EDGE =
  'A10: the source says "within" without defining the end; Beacon counts the exact edge as within (inclusive).';

const give = (prompt: Omit<ProspectivePrompt, 'action'>): ProspectivePrompt => ({
  action: 'give',
  ...prompt,
});

// --- BAPM Antenatal Optimisation toolkit [S28] -------------------------------------------------------------------

const BAPM_PLACE_OF_BIRTH: InterventionRule = {
  intervention: 'place-of-birth',
  eligibility: {
    kind: 'place-of-birth',
    singletons: { to: '26+6' },
    multiples: { to: '27+6' },
    weightBelowGrams: { grams: 800, measure: 'estimated-fetal-weight' },
  },
  standard: { kind: 'born-on-nicu-site' },
  describe: 'born in a maternity service on the same site as a neonatal intensive care unit (NICU)',
  before: [
    {
      gestationNow: {},
      whenEligible: true,
      action: 'discuss',
      by: null,
      reason: 'birth should be on a site with a NICU: discuss in-utero transfer',
    },
  ],
  source: 'BAPM AO toolkit [S28]; PERIPrem Table 1 [S24]',
  verification: 'verified',
  choice:
    'A baby not eligible by gestation whose weight is not recorded is of unknown eligibility (eligible: null), never assumed 800 g or more.',
};

const BAPM_STEROIDS: InterventionRule = {
  intervention: 'antenatal-corticosteroids',
  eligibility: { kind: 'gestation', atBirth: { to: '33+6' } },
  standard: { kind: 'course-before-birth', events: STEROIDS, doses: 2, withinMinutes: 7 * DAY },
  describe: 'a full course of antenatal corticosteroids (2 doses) no more than 7 days before birth',
  before: [
    give({
      gestationNow: { to: '33+6' },
      labourStates: IN_LABOUR,
      by: 'now',
      reason:
        'birth may happen before 34+0: give antenatal corticosteroids now (full course, ideally 24–48 h before birth)',
    }),
  ],
  source: 'BAPM AO toolkit [S28]',
  verification: 'verified',
  choice: `A full course is taken as two doses. ${INCLUSIVE_EDGE}`,
};

const BAPM_MAGNESIUM: InterventionRule = {
  intervention: 'magnesium-sulphate',
  eligibility: { kind: 'gestation', atBirth: { to: '29+6' } },
  standard: {
    kind: 'window-before-birth',
    events: MAGNESIUM,
    fromMinutes: 0,
    toMinutes: 24 * HOUR,
    strict: false,
  },
  describe:
    'a magnesium sulphate loading dose within the 24 hours before birth (ideally with a 4-hour infusion)',
  before: [
    give({
      gestationNow: { to: '29+6' },
      labourStates: ['established', 'planned-birth'],
      by: null,
      reason: 'magnesium sulphate indicated: birth expected before 30+0; give within the 24 h before birth',
    }),
  ],
  source: 'BAPM AO toolkit [S28]',
  verification: 'verified',
  choice: `No lower gestation bound is stated (A2). ${INCLUSIVE_EDGE}`,
};

const BAPM_ANTIBIOTICS: InterventionRule = {
  intervention: 'intrapartum-antibiotics',
  eligibility: { kind: 'labour', states: ['established'], gestation: { to: '36+6' } },
  standard: { kind: 'given-before-birth', events: ANTIBIOTICS },
  describe:
    'intrapartum antibiotics in established preterm labour, whether or not the membranes have ruptured',
  before: [
    give({
      gestationNow: { to: '36+6' },
      labourStates: ['established'],
      by: 'now',
      reason: 'established preterm labour: give intrapartum antibiotics (early-onset group B streptococcus)',
    }),
  ],
  source: 'BAPM AO toolkit [S28]',
  verification: 'verified',
  choice: 'BAPM states no timing: any dose before birth meets the standard (A7).',
};

// --- PERIPrem 2022 [S24] -------------------------------------------------------------------------------------------

const PERIPREM: readonly InterventionRule[] = [
  { ...BAPM_PLACE_OF_BIRTH, source: 'PERIPrem Table 1 [S24] (same as BAPM [S28])' },
  {
    intervention: 'antenatal-corticosteroids',
    eligibility: { kind: 'gestation', atBirth: { to: '33+6' } },
    standard: {
      kind: 'spaced-course-before-birth',
      events: STEROIDS,
      gapMinutes: { from: 12 * HOUR, to: 24 * HOUR },
      lastMoreThanMinutes: 24 * HOUR,
      firstLessThanMinutes: 7 * DAY,
    },
    describe:
      'two doses 12–24 hours apart, more than 24 hours and less than 7 days before birth (at least one dose counts as received)',
    source: 'PERIPrem Table 1 [S24]',
    verification: 'verified',
    choice:
      '"12–24 h apart" is taken as inclusive at both ends (A10); ">24 h" and "<7 days" are strict as written.',
  },
  {
    intervention: 'magnesium-sulphate',
    eligibility: { kind: 'gestation', atBirth: { to: '29+6' } },
    standard: {
      kind: 'window-before-birth',
      events: MAGNESIUM,
      fromMinutes: 4 * HOUR,
      toMinutes: 24 * HOUR,
      strict: true,
    },
    describe: 'magnesium sulphate more than 4 hours and less than 24 hours before birth',
    source: 'PERIPrem Table 1 [S24]',
    verification: 'verified',
    choice: 'A2: PERIPrem\'s optimal window is strict at both ends, as written (">4 h and <24 h").',
  },
  {
    intervention: 'intrapartum-antibiotics',
    eligibility: { kind: 'labour', states: ['established'], gestation: { to: '33+6' } },
    standard: { kind: 'window-before-birth', events: ANTIBIOTICS, fromMinutes: 4 * HOUR, strict: false },
    describe: 'intrapartum antibiotics at least 4 hours before birth, for mothers in active labour',
    source: 'PERIPrem Table 1 [S24]',
    verification: 'verified',
    choice:
      'A7: "active labour at any point" is read as labour state established; the bundle covers births before 34+0.',
  },
  {
    intervention: 'optimal-cord-management',
    eligibility: { kind: 'gestation', atBirth: { to: '33+6' } },
    standard: { kind: 'delay-after-birth', event: 'cord-clamped', minMinutes: 1 },
    describe: 'the cord clamped at or after 1 minute',
    source: 'PERIPrem Table 1 [S24]',
    verification: 'verified',
  },
  {
    intervention: 'normothermia',
    eligibility: { kind: 'gestation', atBirth: { to: '33+6' } },
    standard: {
      kind: 'first-temperature',
      anchor: 'neonatal-admission',
      withinMinutes: HOUR,
      celsius: { from: 36.5, to: 37.5 },
    },
    describe: 'a temperature of 36.5–37.5 °C within 1 hour of admission to the neonatal unit',
    source: 'PERIPrem Table 1 [S24]',
    verification: 'verified',
    choice: `A4: anchored on neonatal admission, as PERIPrem says. ${INCLUSIVE_EDGE}`,
  },
];

// --- NNAP 2021 [S30] and NNAP 2022 onwards [S31][S38] --------------------------------------------------------------

const NNAP_MAGNESIUM: InterventionRule = {
  ...BAPM_MAGNESIUM,
  before: [],
  describe: 'magnesium sulphate in the 24 hours before delivery',
  source: 'NNAP 2021 [S30]',
  choice: INCLUSIVE_EDGE,
};
const NNAP_NORMOTHERMIA: InterventionRule = {
  intervention: 'normothermia',
  eligibility: { kind: 'gestation', atBirth: { to: '31+6' } },
  standard: {
    kind: 'first-temperature',
    anchor: 'birth',
    withinMinutes: HOUR,
    celsius: { from: 36.5, to: 37.5 },
  },
  describe: 'a first admission temperature of 36.5–37.5 °C, measured within 1 hour of birth',
  source: 'NNAP 2021 [S30]',
  verification: 'verified',
  choice: `A4: anchored on birth, as NNAP says; the temperature is the first one at or after neonatal admission when the admission is recorded (else the first after birth). ${INCLUSIVE_EDGE}`,
};

const NNAP_2021: readonly InterventionRule[] = [
  {
    intervention: 'place-of-birth',
    eligibility: { kind: 'place-of-birth', singletons: { to: '26+6' }, multiples: { to: '26+6' } },
    standard: { kind: 'born-on-nicu-site' },
    describe: 'born in a maternity service on the same site as a designated NICU',
    source: 'NNAP 2021 [S30]',
    verification: 'verified',
  },
  {
    intervention: 'antenatal-corticosteroids',
    eligibility: { kind: 'gestation', atBirth: { from: '23+0', to: '33+6' } },
    standard: { kind: 'given-before-birth', events: STEROIDS },
    describe: 'at least one dose of antenatal corticosteroids',
    source: 'NNAP 2021 [S30]',
    verification: 'verified',
  },
  NNAP_MAGNESIUM,
  {
    intervention: 'optimal-cord-management',
    eligibility: { kind: 'gestation', atBirth: { to: '31+6' } },
    standard: { kind: 'delay-after-birth', event: 'cord-clamped', minMinutes: 1 },
    describe: 'the cord clamped at or after one minute',
    source: 'NNAP 2021 [S30]',
    verification: 'verified',
  },
  NNAP_NORMOTHERMIA,
];

const NNAP_2022_CORD: InterventionRule = {
  intervention: 'optimal-cord-management',
  eligibility: { kind: 'gestation', atBirth: { to: '33+6' } },
  standard: { kind: 'delay-after-birth', event: 'cord-clamped', minMinutes: 1 },
  describe: 'the cord clamped at or after one minute',
  source: 'NNAP reporting for 2023 [S38]',
  verification: 'verified',
  choice: 'A3: the 2023 reporting cohort (<34 weeks).',
};

const NNAP_2022: readonly InterventionRule[] = [
  {
    intervention: 'place-of-birth',
    eligibility: {
      kind: 'place-of-birth',
      singletons: { to: '26+6' },
      multiples: { to: '27+6' },
      weightBelowGrams: { grams: 800, measure: 'birth-weight' },
    },
    standard: { kind: 'born-on-nicu-site' },
    describe: 'born in a maternity service on the same site as a designated NICU',
    source: 'NNAP 2022 onwards [S31]',
    verification: 'verified',
    choice: 'NNAP counts admitted babies, so the weight is the birth weight.',
  },
  {
    intervention: 'antenatal-corticosteroids',
    eligibility: { kind: 'gestation', atBirth: { from: '22+0', to: '33+6' } },
    standard: { kind: 'course-before-birth', events: STEROIDS, doses: 2, withinMinutes: 7 * DAY },
    describe: 'a full course of antenatal corticosteroids within 1 week before delivery',
    source: 'NNAP 2022 onwards [S31]',
    verification: 'verified',
    choice: `A1: a full course is taken as two doses. ${INCLUSIVE_EDGE}`,
  },
  {
    ...NNAP_MAGNESIUM,
    choice: `Unchanged from NNAP 2021 as far as retrieved. ${INCLUSIVE_EDGE}`,
    verification: 'unverified',
  },
  NNAP_2022_CORD,
  {
    ...NNAP_NORMOTHERMIA,
    choice: `Unchanged from NNAP 2021 as far as retrieved. ${INCLUSIVE_EDGE}`,
    verification: 'unverified',
  },
];

// --- NICE QS135 statements 5 and 6 [S33]–[S37] ---------------------------------------------------------------------

const NICE_STEROID_PROMPTS: readonly ProspectivePrompt[] = [
  {
    gestationNow: { from: '23+0', to: '23+6' },
    labourStates: IN_LABOUR,
    action: 'discuss',
    by: null,
    reason: 'at 23+0–23+6: discuss antenatal corticosteroids',
  },
  {
    gestationNow: { from: '24+0', to: '33+6' },
    labourStates: IN_LABOUR,
    action: 'offer',
    by: 'now',
    reason: 'at 24+0–33+6: offer antenatal corticosteroids',
  },
  {
    gestationNow: { from: '34+0', to: '35+6' },
    labourStates: IN_LABOUR,
    action: 'consider',
    by: null,
    reason: 'at 34+0–35+6: consider antenatal corticosteroids',
  },
];

const NICE_QS135: readonly InterventionRule[] = [
  {
    intervention: 'antenatal-corticosteroids',
    eligibility: { kind: 'gestation', atBirth: { from: '24+0', to: '33+6' }, labourStates: IN_LABOUR },
    standard: { kind: 'given-before-birth', events: STEROIDS },
    describe:
      'antenatal corticosteroids for women at 24+0–33+6 in suspected, diagnosed or established preterm labour (or planned preterm birth)',
    before: NICE_STEROID_PROMPTS,
    source: 'NICE QS135 statement 5 [S35]; NG25 summary [S33][S34]',
    verification: 'verified',
    choice: 'The planned preterm birth measure runs in parallel; both are counted here.',
  },
  {
    intervention: 'magnesium-sulphate',
    eligibility: {
      kind: 'gestation',
      atBirth: { from: '24+0', to: '29+6' },
      labourStates: ['established', 'planned-birth'],
    },
    standard: {
      kind: 'by-labour-state',
      states: {
        established: { kind: 'given-before-birth', events: MAGNESIUM },
        'planned-birth': {
          kind: 'window-before-birth',
          events: MAGNESIUM,
          fromMinutes: 0,
          toMinutes: 24 * HOUR,
          strict: false,
        },
      },
    },
    describe:
      'magnesium sulphate for women at 24+0–29+6 in established preterm labour, or in the 24 hours before a planned preterm birth',
    before: [
      {
        gestationNow: { from: '24+0', to: '29+6' },
        labourStates: ['established', 'planned-birth'],
        action: 'offer',
        by: null,
        reason:
          'at 24+0–29+6 in established labour or with birth planned within 24 h: offer magnesium sulphate',
      },
    ],
    source: 'NICE QS135 statement 6, measures (a) and (b) [S36]',
    verification: 'verified',
    choice: INCLUSIVE_EDGE,
  },
];

// --- Scottish Preterm Perinatal Wellbeing Package [S26] ------------------------------------------------------------

const SPSP: readonly InterventionRule[] = [
  { ...BAPM_PLACE_OF_BIRTH, before: [], source: 'Scottish Perinatal Network, quoting BAPM [S29]' },
  {
    intervention: 'optimal-cord-management',
    eligibility: { kind: 'gestation', atBirth: {} },
    standard: { kind: 'delay-after-birth', event: 'cord-clamped', minMinutes: 1 },
    describe: 'the cord clamped at or after 60 seconds unless contraindicated',
    source: 'Scottish package [S26]',
    verification: 'verified',
    choice:
      'Contraindications (no signs of life, TTTS, placental separation) are not recorded in a case; a clinician reviews them.',
  },
  { ...NNAP_NORMOTHERMIA, source: 'Scottish package, citing NNAP [S26]' },
  {
    intervention: 'maternal-breast-milk',
    eligibility: { kind: 'gestation', atBirth: { to: '31+6' } },
    standard: { kind: 'within-after-birth', events: ['maternal-breast-milk'], withinMinutes: 24 * HOUR },
    describe: "the mother's breast milk (mouth care or enterally) within 24 hours of birth",
    source: 'Scottish package [S26]',
    verification: 'verified',
    choice: INCLUSIVE_EDGE,
  },
  {
    intervention: 'caffeine',
    eligibility: { kind: 'gestation', atBirth: { to: '29+6' } },
    standard: { kind: 'within-after-birth', events: ['caffeine'], withinMinutes: 72 * HOUR },
    describe: 'at least one dose of caffeine within the first three days',
    source: 'Scottish package [S26]',
    verification: 'verified',
    choice: `A6: three days = 72 hours from birth. ${INCLUSIVE_EDGE}`,
  },
];

// --- MatNeoSIP 2023 [S20][S21]: the nine-intervention bundle ------------------------------------------------------

const MATNEOSIP: readonly InterventionRule[] = [
  BAPM_PLACE_OF_BIRTH,
  BAPM_STEROIDS,
  BAPM_MAGNESIUM,
  BAPM_ANTIBIOTICS,
  {
    ...NNAP_2022_CORD,
    choice: 'MatNeoSIP measures cord management with the NNAP 2023 cohort (<34 weeks) (A3).',
  },
  {
    ...NNAP_NORMOTHERMIA,
    choice: 'MatNeoSIP measures normothermia with the NNAP definition (<32 weeks, within 1 h of birth) (A4).',
  },
  {
    intervention: 'maternal-breast-milk',
    eligibility: { kind: 'gestation', atBirth: { to: '33+6' } },
    standard: { kind: 'within-after-birth', events: ['maternal-breast-milk'], withinMinutes: 24 * HOUR },
    describe: "the mother's breast milk within the first 24 hours",
    source: 'MatNeoSIP [S21]',
    verification: 'unverified',
    choice:
      'A5: the eligible gestation is not in the retrieved text; Beacon uses the bundle scope, births before 34+0.',
  },
  {
    intervention: 'caffeine',
    eligibility: { kind: 'gestation', atBirth: { to: '29+6' } },
    standard: { kind: 'within-after-birth', events: ['caffeine'], withinMinutes: 24 * HOUR },
    describe: 'caffeine started within 24 hours of birth',
    source: 'MatNeoSIP 2023 [S20][S21]',
    verification: 'verified',
    choice: INCLUSIVE_EDGE,
  },
  {
    intervention: 'volume-targeted-ventilation',
    eligibility: { kind: 'ventilated', atBirth: { to: '33+6' } },
    standard: { kind: 'primary-ventilation-mode', mode: 'volume-targeted-synchronised' },
    describe:
      'volume-targeted ventilation combined with synchronised ventilation as the primary mode of invasive ventilation',
    source: 'MatNeoSIP 2023 [S20][S21]; NICE QS193 statement 3 [S41]',
    verification: 'verified',
  },
];

export const PRETERM_RULE_SETS: readonly PretermRuleSet[] = [
  {
    id: 'BAPM-AO',
    title: 'BAPM Antenatal Optimisation toolkit',
    source: '[S28]',
    rules: [BAPM_PLACE_OF_BIRTH, BAPM_STEROIDS, BAPM_MAGNESIUM, BAPM_ANTIBIOTICS],
  },
  { id: 'PERIPrem-2022', title: 'PERIPrem bundle (2022)', source: '[S23][S24]', rules: PERIPREM },
  {
    id: 'NNAP-2021',
    title: 'National Neonatal Audit Programme measures, 2021',
    source: '[S30]',
    rules: NNAP_2021,
  },
  {
    id: 'NNAP-2022+',
    title: 'National Neonatal Audit Programme measures, 2022 onwards',
    source: '[S31][S38]',
    rules: NNAP_2022,
  },
  {
    id: 'MatNeoSIP-2023',
    title: 'MatNeoSIP preterm optimisation bundle (2023, nine interventions)',
    source: '[S20][S21]',
    rules: MATNEOSIP,
  },
  {
    id: 'NICE-QS135',
    title: 'NICE QS135 (preterm labour and birth), statements 5 and 6',
    source: '[S33]–[S37]',
    rules: NICE_QS135,
  },
  {
    id: 'SPSP-Scotland',
    title: 'Scottish Preterm Perinatal Wellbeing Package',
    source: '[S26][S29]',
    rules: SPSP,
  },
];
