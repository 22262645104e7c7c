export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/**
 * Beacon's own CodeSystems, for readings no national code covers (clinical-rules.md blocker B4): worry and concern,
 * the newborn signs of the NEWTT2 placeholder chart, the NEWS2 SpO2 scale choice, and early-warning scores. Replace
 * with national codes when NHS England publishes them. Served at GET /fhir/CodeSystem/{id}.
 */
export const BEACON_CODE_SYSTEM_BASE = 'https://beacon-ews.github.io/fhir/CodeSystem';
export const BEACON_OBSERVATION = `${BEACON_CODE_SYSTEM_BASE}/observation`;
export const BEACON_NEWBORN_SIGN = `${BEACON_CODE_SYSTEM_BASE}/newborn-sign`;
export const BEACON_CONCERN_SOURCE = `${BEACON_CODE_SYSTEM_BASE}/concern-source`;

export function codeKey(system: string | undefined, code: string | undefined): string {
  return `${system ?? ''}|${code ?? ''}`;
}
