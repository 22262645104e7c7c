import type { PatientGroup } from '../scoring';
import { chartProblems } from '../scoring';
import type { AppConfig } from './app-config';

/** Settings that are safe in a demo but not in live use, and settings that only make sense together. */
export function securityProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  if (config.env.BEACON_CLINICAL_MODE === 'live' && config.tokenSecretGenerated) {
    problems.push('BEACON_TOKEN_SECRET: required in live mode (at least 32 random characters)');
  }
  if (config.env.BEACON_FHIR_UPSTREAM_URL !== '' && config.env.BEACON_FHIR_NOTIFY_SECRET === '') {
    problems.push(
      'BEACON_FHIR_NOTIFY_SECRET: required when BEACON_FHIR_UPSTREAM_URL is set (it authenticates notifications)',
    );
  }
  return problems;
}

/**
 * Reasons this process must not start. Any mode: a malformed chart, or a ward using a chart for a patient group it
 * is not validated for. Live mode: a chart in use that is not verified against its national source
 * (docs/clinical-safety/hazard-log.md, H1 and H7).
 */
export function clinicalSafetyProblems(config: AppConfig): string[] {
  const { charts } = config;
  const problems = charts.all().flatMap((chart) => chartProblems(chart));
  const usedBy = new Map<string, string[]>();
  for (const ward of config.wards.wards) {
    for (const [group, chartId] of Object.entries(ward.charts) as [PatientGroup, string][]) {
      const chart = charts.find(chartId);
      if (!chart) {
        problems.push(`BEACON_WARD_CONFIG: ward ${ward.id} uses chart "${chartId}", which is not loaded`);
        continue;
      }
      usedBy.set(chartId, [...new Set([...(usedBy.get(chartId) ?? []), ward.id])]);
      if (!chart.suitableFor.includes(group)) {
        problems.push(
          `BEACON_WARD_CONFIG: ward ${ward.id} uses ${chart.id} for ${group} patients, but ${chart.title} is for ${chart.suitableFor.join(', ')} only (${chart.population}).`,
        );
      }
    }
  }
  if (config.env.BEACON_CLINICAL_MODE === 'live') {
    for (const [chartId, wards] of usedBy) {
      const chart = charts.get(chartId);
      if (chart.verification !== 'verified') {
        problems.push(
          `BEACON_CLINICAL_MODE=live refuses the unverified chart "${chart.id}" (${chart.title}), used by ward(s) ${wards.join(', ')}. ` +
            `${chart.verificationNote ?? ''} Replace ${chart.file} with a verified transcription, or run in demo mode (BEACON_CLINICAL_MODE=demo).`,
        );
      }
    }
  }
  return problems;
}
