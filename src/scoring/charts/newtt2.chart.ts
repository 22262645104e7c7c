import type { ChartDefinition, Source } from '../chart';

/*
 * Newborn Early Warning Trigger and Track 2 (NEWTT2), BAPM 2023: STRUCTURE SOURCED, BANDS ARE PLACEHOLDERS.
 *
 * Sourced (clinical-rules.md §b.1, [S12] [S15] [S16]): a chart for at-risk term and late-preterm newborns in
 * postnatal areas, transitional care and delivery suite, including parental concern.
 * NOT sourced (blocker B2): the parameter rows, every threshold, the amber/red categories and the escalation
 * rule. Placeholder scoring: amber = 1 point, red = 3 points; one red, or two ambers, escalates.
 * Zero bands: respiratory rate 30–60 and heart rate 100–160 from the NICE postnatal-care definition of a healthy
 * baby; temperature 36.5–37.5 °C from the normothermia range of PERIPrem and NNAP (clinical-rules.md §c.2
 * [S24][S30]). Everything else has no source. Replace this file with the transcription of the NEWTT2 chart
 * (BAPM framework pages 8–12).
 *
 * Newborn fields: temperature (°C), heartRate, respiratoryRate (/min); colour: normal | pale | mottled | cyanosed;
 * feeding: normal | reduced | not-feeding; tone: normal | irritable | lethargic | floppy;
 * respiratoryDistress: none | mild | moderate | severe; concern (parental or staff concern): true | false.
 */

const BAPM_2023: Source = {
  title: 'BAPM. Deterioration of the Newborn (NEWTT 2): A Framework for Practice',
  url: 'https://www.bapm.org/pages/newtt-2',
  date: '2023-01',
  detail: 'clinical-rules.md §b.1 [S12]: scope, parental concern; chart content NOT RETRIEVED (B2)',
};
const PLACEHOLDER: Source = {
  title: 'PLACEHOLDER: NEWTT2 thresholds and categories not retrieved (clinical-rules.md B2)',
  detail: 'No source. Not national guidance.',
};
const NICE_HEALTHY_BABY: Source = {
  title:
    'PLACEHOLDER. Zero band from NICE CG37 Postnatal care (2006), glossary "Healthy baby": respiratory rate 30–60/min, pulse 100–160/min',
  url: 'http://www.ncbi.nlm.nih.gov/pubmedhealth/PMH0015540/def-item/glossary.gl1-d11/',
  detail: 'Amber and red edges have no source (B2). Not national NEWTT2 guidance.',
};
const NORMOTHERMIA: Source = {
  title:
    'PLACEHOLDER. Zero band 36.5–37.5 °C from the PERIPrem / NNAP normothermia definition (clinical-rules.md §c.2 [S24][S30])',
  url: 'https://bmjopenquality.bmj.com/content/11/3/e001904',
  detail: 'Amber and red edges have no source (B2). Not national NEWTT2 guidance.',
};
const BEACON_CONCERN_POLICY: Source = {
  title:
    'Beacon clinical decision 4: parental concern escalates by itself (NEWTT2 includes parental concern)',
  detail: 'clinical-rules.md Decisions for Beacon §4; §b.1 [S12][S16]',
};

export const newtt2Chart: ChartDefinition = {
  id: 'newtt2',
  version: 'placeholder-2026.1',
  title: 'Newborn Early Warning Trigger and Track 2 (NEWTT2), placeholder bands',
  population:
    'At-risk term and late-preterm newborns in postnatal areas, transitional care and delivery suite',
  suitableFor: ['newborn'],
  file: 'src/scoring/charts/newtt2.chart.ts',
  source: BAPM_2023,
  verification: 'unverified',
  verificationNote:
    'Parameter rows, thresholds, amber/red categories and the escalation rule are placeholders (clinical-rules.md B2, B3). Replace src/scoring/charts/newtt2.chart.ts with the transcription of the BAPM NEWTT2 chart.',
  parameters: [
    {
      id: 'temperature',
      kind: 'number',
      precision: 1,
      source: NORMOTHERMIA,
      verification: 'unverified',
      variants: [
        {
          when: {},
          bands: [
            { from: 25, to: 35.9, score: 3 },
            { from: 36, to: 36.4, score: 1 },
            { from: 36.5, to: 37.5, score: 0 },
            { from: 37.6, to: 37.9, score: 1 },
            { from: 38, to: 45, score: 3 },
          ],
        },
      ],
    },
    {
      id: 'heartRate',
      kind: 'number',
      precision: 0,
      source: NICE_HEALTHY_BABY,
      verification: 'unverified',
      variants: [
        {
          when: {},
          bands: [
            { from: 0, to: 79, score: 3 },
            { from: 80, to: 99, score: 1 },
            { from: 100, to: 160, score: 0 },
            { from: 161, to: 179, score: 1 },
            { from: 180, to: 300, score: 3 },
          ],
        },
      ],
    },
    {
      id: 'respiratoryRate',
      kind: 'number',
      precision: 0,
      source: NICE_HEALTHY_BABY,
      verification: 'unverified',
      variants: [
        {
          when: {},
          bands: [
            { from: 0, to: 19, score: 3 },
            { from: 20, to: 29, score: 1 },
            { from: 30, to: 60, score: 0 },
            { from: 61, to: 79, score: 1 },
            { from: 80, to: 150, score: 3 },
          ],
        },
      ],
    },
    {
      id: 'colour',
      kind: 'choice',
      source: PLACEHOLDER,
      verification: 'unverified',
      bands: [
        { values: ['normal'], score: 0 },
        { values: ['pale', 'mottled'], score: 1 },
        { values: ['cyanosed'], score: 3 },
      ],
    },
    {
      id: 'feeding',
      kind: 'choice',
      source: PLACEHOLDER,
      verification: 'unverified',
      bands: [
        { values: ['normal'], score: 0 },
        { values: ['reduced'], score: 1 },
        { values: ['not-feeding'], score: 3 },
      ],
    },
    {
      id: 'tone',
      kind: 'choice',
      source: PLACEHOLDER,
      verification: 'unverified',
      bands: [
        { values: ['normal'], score: 0 },
        { values: ['irritable', 'lethargic'], score: 1 },
        { values: ['floppy'], score: 3 },
      ],
    },
    {
      id: 'respiratoryDistress',
      kind: 'choice',
      source: PLACEHOLDER,
      verification: 'unverified',
      bands: [
        { values: ['none'], score: 0 },
        { values: ['mild', 'moderate'], score: 1 },
        { values: ['severe'], score: 3 },
      ],
    },
  ],
  riskLevels: [
    { id: 'low', label: 'Low', escalate: false, colour: '#2e7d32' },
    { id: 'medium', label: 'Amber: review', escalate: true, colour: '#ef6c00' },
    { id: 'high', label: 'Red: urgent review', escalate: true, colour: '#c62828' },
  ],
  rules: [
    {
      when: { anyParameterScoreAtLeast: 3 },
      clinicalRisk: 'high',
      response: 'urgent-review',
      source: PLACEHOLDER,
      verification: 'unverified',
    },
    {
      when: { totalAtLeast: 2 },
      clinicalRisk: 'medium',
      response: 'review',
      source: PLACEHOLDER,
      verification: 'unverified',
    },
    {
      when: { totalAtLeast: 1 },
      clinicalRisk: 'low',
      response: 'repeat',
      source: PLACEHOLDER,
      verification: 'unverified',
    },
    { when: {}, clinicalRisk: 'low', response: 'routine', source: PLACEHOLDER, verification: 'unverified' },
  ],
  responses: [
    {
      level: 'urgent-review',
      who: 'Neonatal registrar or ANNP reviews the baby now (placeholder)',
      reviewWithinMinutes: 30,
      observationIntervalMinutes: 30,
      source: PLACEHOLDER,
      verification: 'unverified',
    },
    {
      level: 'concern',
      who: 'Midwife or neonatal nurse reviews with the parents and informs the neonatal team: parental or staff concern (placeholder)',
      reviewWithinMinutes: 60,
      observationIntervalMinutes: 60,
      source: BEACON_CONCERN_POLICY,
      verification: 'unverified',
    },
    {
      level: 'review',
      who: 'Neonatal team reviews the baby (placeholder)',
      reviewWithinMinutes: 60,
      observationIntervalMinutes: 60,
      source: PLACEHOLDER,
      verification: 'unverified',
    },
    {
      level: 'repeat',
      who: 'Midwife or neonatal nurse repeats observations (placeholder)',
      reviewWithinMinutes: null,
      observationIntervalMinutes: 60,
      source: PLACEHOLDER,
      verification: 'unverified',
    },
    {
      level: 'routine',
      who: 'Continue NEWTT2 observations as planned for this baby (placeholder)',
      reviewWithinMinutes: null,
      observationIntervalMinutes: 240,
      source: PLACEHOLDER,
      verification: 'unverified',
    },
  ],
  concern: { response: 'concern', source: BEACON_CONCERN_POLICY, verification: 'unverified' },
  missingReadings:
    'Scores the readings present, lists the missing ones and reports the set as incomplete; a missing reading is never scored as normal.',
  scoreColours: { 0: '#ffffff', 1: '#ffcc80', 3: '#ef9a9a' },
};
