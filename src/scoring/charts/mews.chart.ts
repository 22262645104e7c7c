import type { ChartDefinition, Source } from '../chart';

/*
 * National Maternity Early Warning Score (MEWS), England: STRUCTURE SOURCED, BANDS ARE PLACEHOLDERS.
 *
 * Sourced (clinical-rules.md §a.1, [S1] Gerry et al., BMJ Medicine 2024): the vital signs scored, weights at the
 * 5% and 1% centiles (SpO2: only the lower 10% and 2% centiles), escalation at a total of 2 or more.
 * NOT sourced (blocker B1): every band edge, the points per tier, consciousness scoring, single-parameter
 * triggers and the response pathway. The zero bands below sit at the 4P cohort's 3rd–97th centiles
 * (clinical-rules.md §a.2 [S8], the widest range over gestation); the outer tiers are placeholders with no
 * source. Replace this file with the transcription of the NHS England MEWS chart: a data-only change plus
 * golden cases.
 */

const GERRY_2024: Source = {
  title:
    'Gerry S et al. Development of a national maternity early warning score: centile based score development and Delphi informed escalation pathways. BMJ Medicine 2024;3(1):e000748',
  url: 'https://pmc.ncbi.nlm.nih.gov/articles/PMC11097818',
  date: '2024-05-15',
  detail: 'clinical-rules.md §a.1 [S1]: parameter list, centile method, escalation at total ≥ 2',
};
const PLACEHOLDER_4P: Source = {
  title:
    'PLACEHOLDER. Zero band at the 4P cohort 3rd–97th centiles: Green LJ et al. Gestation-Specific Vital Sign Reference Ranges in Pregnancy. Obstet Gynecol 2020;135(3):653–664',
  url: 'https://www.bdi.ox.ac.uk/publications/1080104',
  detail:
    'clinical-rules.md §a.2 [S8]; outer tiers and points have no source (blocker B1). Not national guidance.',
};
const PLACEHOLDER_RESPONSE: Source = {
  title: 'PLACEHOLDER: no source gives MEWS response times or re-escalation timers',
  detail: 'clinical-rules.md blockers B1 and B3 and Decision 5. Not national guidance.',
};
const BEACON_CONCERN_POLICY: Source = {
  title: 'Beacon clinical decision 4: worry and concern is a first-class input (Martha’s Rule, PIER)',
  detail: 'clinical-rules.md Decisions for Beacon §4; §e.2 [S56]',
};

export const mewsChart: ChartDefinition = {
  id: 'mews',
  version: 'placeholder-2026.1',
  title: 'Maternity Early Warning Score (MEWS), national structure with placeholder bands',
  population: 'Pregnant women and women up to six weeks postnatal',
  suitableFor: ['antenatal', 'postnatal'],
  file: 'src/scoring/charts/mews.chart.ts',
  source: GERRY_2024,
  verification: 'unverified',
  verificationNote:
    'Band thresholds, points, consciousness scoring and responses are placeholders (clinical-rules.md B1, B3). Replace src/scoring/charts/mews.chart.ts with the transcription of the NHS England national MEWS chart.',
  parameters: [
    {
      id: 'respiratoryRate',
      kind: 'number',
      precision: 0,
      source: PLACEHOLDER_4P,
      verification: 'unverified',
      variants: [
        {
          when: {},
          bands: [
            { from: 0, to: 7, score: 2 },
            { from: 8, to: 8, score: 1 },
            { from: 9, to: 22, score: 0 },
            { from: 23, to: 26, score: 1 },
            { from: 27, to: 150, score: 2 },
          ],
        },
      ],
    },
    {
      id: 'oxygenSaturation',
      kind: 'number',
      precision: 0,
      source: PLACEHOLDER_4P,
      verification: 'unverified',
      variants: [
        {
          when: {},
          bands: [
            { from: 0, to: 91, score: 2 },
            { from: 92, to: 92, score: 1 },
            { from: 93, to: 100, score: 0 },
          ],
        },
      ],
    },
    {
      id: 'temperature',
      kind: 'number',
      precision: 1,
      source: PLACEHOLDER_4P,
      verification: 'unverified',
      variants: [
        {
          when: {},
          bands: [
            { from: 25, to: 34.4, score: 2 },
            { from: 34.5, to: 35.2, score: 1 },
            { from: 35.3, to: 37.5, score: 0 },
            { from: 37.6, to: 37.9, score: 1 },
            { from: 38, to: 45, score: 2 },
          ],
        },
      ],
    },
    {
      id: 'systolicBP',
      kind: 'number',
      precision: 0,
      source: PLACEHOLDER_4P,
      verification: 'unverified',
      variants: [
        {
          when: {},
          bands: [
            { from: 0, to: 89, score: 2 },
            { from: 90, to: 94, score: 1 },
            { from: 95, to: 144, score: 0 },
            { from: 145, to: 159, score: 1 },
            { from: 160, to: 300, score: 2 },
          ],
        },
      ],
    },
    {
      id: 'diastolicBP',
      kind: 'number',
      precision: 0,
      source: PLACEHOLDER_4P,
      verification: 'unverified',
      variants: [
        {
          when: {},
          bands: [
            { from: 0, to: 44, score: 2 },
            { from: 45, to: 54, score: 1 },
            { from: 55, to: 95, score: 0 },
            { from: 96, to: 109, score: 1 },
            { from: 110, to: 200, score: 2 },
          ],
        },
      ],
    },
    {
      id: 'heartRate',
      kind: 'number',
      precision: 0,
      source: PLACEHOLDER_4P,
      verification: 'unverified',
      variants: [
        {
          when: {},
          bands: [
            { from: 0, to: 49, score: 2 },
            { from: 50, to: 62, score: 1 },
            { from: 63, to: 115, score: 0 },
            { from: 116, to: 129, score: 1 },
            { from: 130, to: 300, score: 2 },
          ],
        },
      ],
    },
    {
      id: 'consciousness',
      kind: 'choice',
      source: {
        ...PLACEHOLDER_RESPONSE,
        title: 'PLACEHOLDER: MEWS consciousness scoring not retrieved (B1)',
      },
      verification: 'unverified',
      bands: [
        { values: ['A'], score: 0 },
        { values: ['C', 'V', 'P', 'U'], score: 2 },
      ],
    },
  ],
  riskLevels: [
    { id: 'low', label: 'Low', escalate: false, colour: '#2e7d32' },
    { id: 'medium', label: 'Escalate', escalate: true, colour: '#ef6c00' },
    { id: 'high', label: 'High', escalate: true, colour: '#c62828' },
  ],
  rules: [
    {
      when: { totalAtLeast: 5 },
      clinicalRisk: 'high',
      response: 'emergency-review',
      source: PLACEHOLDER_RESPONSE,
      verification: 'unverified',
    },
    {
      when: { totalAtLeast: 2 },
      clinicalRisk: 'medium',
      response: 'urgent-review',
      source: GERRY_2024,
      verification: 'verified',
    },
    {
      when: { totalAtLeast: 1 },
      clinicalRisk: 'low',
      response: 'increased-observation',
      source: PLACEHOLDER_RESPONSE,
      verification: 'unverified',
    },
    {
      when: {},
      clinicalRisk: 'low',
      response: 'routine',
      source: PLACEHOLDER_RESPONSE,
      verification: 'unverified',
    },
  ],
  responses: [
    {
      level: 'emergency-review',
      who: 'Midwife in charge and obstetric registrar attend now; inform the obstetric consultant and anaesthetist (placeholder)',
      reviewWithinMinutes: 15,
      observationIntervalMinutes: 15,
      source: PLACEHOLDER_RESPONSE,
      verification: 'unverified',
    },
    {
      level: 'urgent-review',
      who: 'Inform the midwife in charge; obstetric review (placeholder)',
      reviewWithinMinutes: 30,
      observationIntervalMinutes: 30,
      source: PLACEHOLDER_RESPONSE,
      verification: 'unverified',
    },
    {
      level: 'concern',
      who: 'Inform the midwife in charge: worry or concern recorded by the woman, her family or staff (placeholder)',
      reviewWithinMinutes: 30,
      observationIntervalMinutes: 60,
      source: BEACON_CONCERN_POLICY,
      verification: 'unverified',
    },
    {
      level: 'increased-observation',
      who: 'Midwife repeats observations and considers informing the midwife in charge (placeholder)',
      reviewWithinMinutes: null,
      observationIntervalMinutes: 60,
      source: PLACEHOLDER_RESPONSE,
      verification: 'unverified',
    },
    {
      level: 'routine',
      who: 'Continue observations as planned for this woman (placeholder)',
      reviewWithinMinutes: null,
      observationIntervalMinutes: 240,
      source: PLACEHOLDER_RESPONSE,
      verification: 'unverified',
    },
  ],
  concern: { response: 'concern', source: BEACON_CONCERN_POLICY, verification: 'unverified' },
  missingReadings:
    'Scores the readings present, lists the missing ones and reports the set as incomplete; a missing reading is never scored as normal. (The national MEWS missing-reading rule was not retrieved, B1.)',
  scoreColours: { 0: '#ffffff', 1: '#fff59d', 2: '#ef9a9a' },
};
