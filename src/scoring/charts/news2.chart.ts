import type { ChartDefinition, Source } from '../chart';

/*
 * NEWS2, Royal College of Physicians 2017: the full chart, transcribed from clinical-rules.md §R.
 *
 *   Parameter            3        2        1        0                 1             2             3
 *   Respiration rate     ≤8                9–11     12–20                           21–24         ≥25
 *   SpO2 scale 1         ≤91      92–93    94–95    ≥96
 *   SpO2 scale 2         ≤83      84–85    86–87    88–92, ≥93 air    93–94 on O2   95–96 on O2   ≥97 on O2
 *   Air or oxygen                 Oxygen            Air
 *   Systolic BP          ≤90      91–100   101–110  111–219                                       ≥220
 *   Pulse                ≤40               41–50    51–90             91–110        111–130       ≥131
 *   Consciousness                                   Alert                                         C, V, P or U
 *   Temperature (°C)     ≤35.0             35.1–36.0 36.1–38.0        38.1–39.0     ≥39.1
 *
 * The outer edges of the bands are Beacon's possible-value limits (observation-set.ts), not part of the chart.
 */

const RCP: Source = {
  title:
    'Royal College of Physicians. National Early Warning Score (NEWS) 2: Standardising the assessment of acute-illness severity in the NHS. Updated report of a working party',
  url: 'https://www.rcplondon.ac.uk/projects/outputs/national-early-warning-score-news-2',
  date: '2017-12',
  detail: 'Chart 1 (NEWS2 scoring system); ../shared/clinical/clinical-rules.md §R',
};
const RCP_RESPONSE: Source = {
  ...RCP,
  detail:
    'Chart 2 (clinical response) and Table 1 of the RCP journal summary (clinical-rules.md §R and §e.6 [S44]) for the 30 and 60 minute review times',
};
const BEACON_CONCERN_POLICY: Source = {
  title: 'Beacon clinical decision 4: worry and concern is a first-class input (Martha’s Rule, PIER)',
  detail:
    '../shared/clinical/clinical-rules.md, Decisions for Beacon §4; §e.2 [S56]. No source gives a review time.',
};

export const news2Chart: ChartDefinition = {
  id: 'news2',
  version: 'RCP-2017.1',
  title: 'National Early Warning Score 2 (NEWS2)',
  population:
    'Adults aged 16 and over outside maternity; not validated in pregnancy, never a substitute for MEWS',
  suitableFor: ['adult'],
  file: 'src/scoring/charts/news2.chart.ts',
  source: RCP,
  verification: 'verified',
  parameters: [
    {
      id: 'respiratoryRate',
      kind: 'number',
      precision: 0,
      source: RCP,
      verification: 'verified',
      variants: [
        {
          when: {},
          bands: [
            { from: 0, to: 8, score: 3 },
            { from: 9, to: 11, score: 1 },
            { from: 12, to: 20, score: 0 },
            { from: 21, to: 24, score: 2 },
            { from: 25, to: 150, score: 3 },
          ],
        },
      ],
    },
    {
      id: 'oxygenSaturation',
      kind: 'number',
      precision: 0,
      source: RCP,
      verification: 'verified',
      variants: [
        {
          when: { spo2Scale: 1 },
          bands: [
            { from: 0, to: 91, score: 3 },
            { from: 92, to: 93, score: 2 },
            { from: 94, to: 95, score: 1 },
            { from: 96, to: 100, score: 0 },
          ],
        },
        {
          when: { spo2Scale: 2, onSupplementalOxygen: false },
          bands: [
            { from: 0, to: 83, score: 3 },
            { from: 84, to: 85, score: 2 },
            { from: 86, to: 87, score: 1 },
            { from: 88, to: 100, score: 0 },
          ],
        },
        {
          when: { spo2Scale: 2, onSupplementalOxygen: true },
          bands: [
            { from: 0, to: 83, score: 3 },
            { from: 84, to: 85, score: 2 },
            { from: 86, to: 87, score: 1 },
            { from: 88, to: 92, score: 0 },
            { from: 93, to: 94, score: 1 },
            { from: 95, to: 96, score: 2 },
            { from: 97, to: 100, score: 3 },
          ],
        },
      ],
    },
    {
      id: 'onSupplementalOxygen',
      kind: 'choice',
      source: RCP,
      verification: 'verified',
      bands: [
        { values: [false], score: 0 },
        { values: [true], score: 2 },
      ],
    },
    {
      id: 'systolicBP',
      kind: 'number',
      precision: 0,
      source: RCP,
      verification: 'verified',
      variants: [
        {
          when: {},
          bands: [
            { from: 0, to: 90, score: 3 },
            { from: 91, to: 100, score: 2 },
            { from: 101, to: 110, score: 1 },
            { from: 111, to: 219, score: 0 },
            { from: 220, to: 300, score: 3 },
          ],
        },
      ],
    },
    {
      id: 'heartRate',
      kind: 'number',
      precision: 0,
      source: RCP,
      verification: 'verified',
      variants: [
        {
          when: {},
          bands: [
            { from: 0, to: 40, score: 3 },
            { from: 41, to: 50, score: 1 },
            { from: 51, to: 90, score: 0 },
            { from: 91, to: 110, score: 1 },
            { from: 111, to: 130, score: 2 },
            { from: 131, to: 300, score: 3 },
          ],
        },
      ],
    },
    {
      id: 'consciousness',
      kind: 'choice',
      source: RCP,
      verification: 'verified',
      bands: [
        { values: ['A'], score: 0 },
        { values: ['C', 'V', 'P', 'U'], score: 3 },
      ],
    },
    {
      id: 'temperature',
      kind: 'number',
      precision: 1,
      source: RCP,
      verification: 'verified',
      variants: [
        {
          when: {},
          bands: [
            { from: 25, to: 35, score: 3 },
            { from: 35.1, to: 36, score: 1 },
            { from: 36.1, to: 38, score: 0 },
            { from: 38.1, to: 39, score: 1 },
            { from: 39.1, to: 45, score: 2 },
          ],
        },
      ],
    },
  ],
  riskLevels: [
    { id: 'low', label: 'Low', escalate: false, colour: '#2e7d32' },
    { id: 'low-medium', label: 'Low–medium', escalate: true, colour: '#f9a825' },
    { id: 'medium', label: 'Medium', escalate: true, colour: '#ef6c00' },
    { id: 'high', label: 'High', escalate: true, colour: '#c62828' },
  ],
  rules: [
    {
      when: { totalAtLeast: 7 },
      clinicalRisk: 'high',
      response: 'emergency',
      source: RCP,
      verification: 'verified',
    },
    {
      when: { totalAtLeast: 5 },
      clinicalRisk: 'medium',
      response: 'urgent',
      source: RCP,
      verification: 'verified',
    },
    {
      when: { anyParameterScoreAtLeast: 3 },
      clinicalRisk: 'low-medium',
      response: 'urgent-ward',
      source: RCP,
      verification: 'verified',
    },
    {
      when: { totalAtLeast: 1 },
      clinicalRisk: 'low',
      response: 'ward',
      source: RCP,
      verification: 'verified',
    },
    { when: {}, clinicalRisk: 'low', response: 'routine', source: RCP, verification: 'verified' },
  ],
  responses: [
    {
      level: 'emergency',
      who: 'Emergency assessment by a clinical team or critical-care outreach team with critical-care competencies; consider transfer to a higher level of care',
      reviewWithinMinutes: 30,
      observationIntervalMinutes: null,
      continuousMonitoring: true,
      source: RCP_RESPONSE,
      verification: 'verified',
    },
    {
      level: 'urgent',
      who: 'Registered nurse immediately informs the medical team; urgent assessment by a clinician or team competent in the assessment of acutely ill patients',
      reviewWithinMinutes: 60,
      observationIntervalMinutes: 60,
      source: RCP_RESPONSE,
      verification: 'verified',
    },
    {
      level: 'urgent-ward',
      who: 'Registered nurse immediately informs the medical team caring for the patient; urgent ward-based response',
      reviewWithinMinutes: 60,
      observationIntervalMinutes: 60,
      source: RCP_RESPONSE,
      verification: 'verified',
    },
    {
      level: 'concern',
      who: 'Registered nurse informs the medical team: worry or concern recorded by the patient, family or staff',
      reviewWithinMinutes: 60,
      observationIntervalMinutes: 60,
      source: BEACON_CONCERN_POLICY,
      verification: 'unverified',
    },
    {
      level: 'ward',
      who: 'Registered nurse assesses and decides whether increased frequency of monitoring or escalation is needed',
      reviewWithinMinutes: null,
      observationIntervalMinutes: 240,
      source: RCP_RESPONSE,
      verification: 'verified',
    },
    {
      level: 'routine',
      who: 'Continue routine NEWS2 monitoring',
      reviewWithinMinutes: null,
      observationIntervalMinutes: 720,
      source: RCP_RESPONSE,
      verification: 'verified',
    },
  ],
  concern: { response: 'concern', source: BEACON_CONCERN_POLICY, verification: 'unverified' },
  missingReadings:
    'Scores the readings present, lists the missing ones and reports the set as incomplete; a missing reading is never scored as normal.',
  scoreColours: { 0: '#ffffff', 1: '#fff59d', 2: '#ffcc80', 3: '#ef9a9a' },
};
