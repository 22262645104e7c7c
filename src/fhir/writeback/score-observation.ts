import {
  BEACON_CODE_SYSTEM_BASE,
  BEACON_OBSERVATION,
  OBSERVATION_CATEGORY,
  SNOMED,
  UCUM,
} from '../codes/code-systems';

/** UK Core EarlyWarningTotalScore: only NEWS2 has national total and subscore codes (clinical-rules.md §f.1 [S68]). */
const NEWS2_TOTAL = {
  system: SNOMED,
  code: '1104051000000101',
  display: 'Royal College of Physicians NEWS2 (National Early Warning Score 2) total score',
};
const NEWS2_SUBSCORES: Readonly<Record<string, { code: string; display: string }>> = {
  respiratoryRate: { code: '1104301000000104', display: 'NEWS2 respiration rate score' },
  oxygenSaturation: { code: '1104311000000102', display: 'NEWS2 oxygen saturation score' },
  onSupplementalOxygen: { code: '1104331000000105', display: 'NEWS2 air or oxygen score' },
  systolicBP: { code: '1104341000000101', display: 'NEWS2 systolic blood pressure score' },
  heartRate: { code: '1104351000000103', display: 'NEWS2 pulse rate score' },
  consciousness: { code: '1104361000000100', display: 'NEWS2 consciousness score' },
  temperature: { code: '1104371000000107', display: 'NEWS2 temperature score' },
};
const NEWS2_SCALE_2 = { code: '1104321000000108', display: 'NEWS2 oxygen saturation scale 2 score' };

export const SCORE_IDENTIFIER_SYSTEM = `${BEACON_CODE_SYSTEM_BASE.replace('/CodeSystem', '/Id')}/observation-set`;

export interface ScoreToWrite {
  readonly setId: string;
  readonly chart: { readonly id: string; readonly version: string; readonly verification: string };
  readonly effectiveAt: Date;
  readonly total: number;
  readonly parameters: readonly { readonly parameter: string; readonly score: number }[];
  readonly spo2Scale2: boolean;
  /** The upstream server's id of the patient. */
  readonly patientId: string;
  /** The upstream server's ids of the Observations scored. */
  readonly derivedFrom: readonly string[];
}

const score = (value: number) => ({ value, system: UCUM, code: '{ScoreOf}', unit: 'score' });

/**
 * A scored observation set as a FHIR Observation for the upstream record: the UK Core EarlyWarningTotalScore shape
 * for NEWS2; Beacon codes for MEWS and NEWTT2, which have no national codes yet (blocker B4). Pure.
 */
export function scoreObservation(input: ScoreToWrite): fhir4.Observation {
  const isNews2 = input.chart.id === 'news2';
  const code = isNews2
    ? { coding: [NEWS2_TOTAL], text: 'NEWS2 total score' }
    : {
        coding: [
          {
            system: BEACON_OBSERVATION,
            code: `${input.chart.id}-total`,
            display: `${input.chart.id.toUpperCase()} total score`,
          },
        ],
        text: `${input.chart.id.toUpperCase()} total score`,
      };
  return {
    resourceType: 'Observation',
    identifier: [{ system: SCORE_IDENTIFIER_SYSTEM, value: input.setId }],
    status: 'final',
    category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'survey' }] }],
    code,
    subject: { reference: `Patient/${input.patientId}` },
    effectiveDateTime: input.effectiveAt.toISOString(),
    valueQuantity: score(input.total),
    derivedFrom: input.derivedFrom.map((id) => ({ reference: `Observation/${id}` })),
    method: { text: `Beacon ${input.chart.id} chart ${input.chart.version} (${input.chart.verification})` },
    component: input.parameters.map((parameter) => {
      const national = isNews2
        ? parameter.parameter === 'oxygenSaturation' && input.spo2Scale2
          ? NEWS2_SCALE_2
          : NEWS2_SUBSCORES[parameter.parameter]
        : undefined;
      return {
        code: {
          coding: [
            national
              ? { system: SNOMED, ...national }
              : {
                  system: BEACON_OBSERVATION,
                  code: `${input.chart.id}-${parameter.parameter}`,
                  display: `${input.chart.id.toUpperCase()} ${parameter.parameter} score`,
                },
          ],
        },
        valueQuantity: score(parameter.score),
      };
    }),
    note:
      input.chart.verification === 'verified'
        ? undefined
        : [
            {
              text: `Scored with an unverified ${input.chart.id.toUpperCase()} chart (placeholder bands): not national guidance.`,
            },
          ],
  };
}
