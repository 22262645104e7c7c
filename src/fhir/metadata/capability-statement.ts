import { ACCEPTED_RESOURCE_TYPES } from '../validation/structure-validator';

/** The quality-improvement measures Beacon computes and serves (src/measures, docs/measures.md). */
const READ_ONLY_MEASURES: fhir4.CapabilityStatementRestResource[] = [
  {
    type: 'Measure',
    interaction: [{ code: 'search-type' }],
    documentation: 'Every measure Beacon computes (system/Measure.s).',
  },
  {
    type: 'MeasureReport',
    interaction: [{ code: 'search-type' }],
    searchParam: [
      { name: 'measure', type: 'reference', documentation: 'Measure id or canonical URL (required)' },
      { name: 'period', type: 'date', documentation: 'A month, YYYY-MM (required)' },
    ],
    documentation:
      'Summary reports for the unit and each ward for one month; counts of fewer than 5 are left out (system/MeasureReport.s).',
  },
];

/** What Beacon really accepts, for GET /fhir/metadata. Keep it truthful: tests compare it with the routes. */
export function capabilityStatement(options: {
  publicUrl: string;
  version: string;
}): fhir4.CapabilityStatement {
  const base = options.publicUrl.replace(/\/$/, '');
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-11-22',
    kind: 'instance',
    publisher: 'Beacon',
    software: { name: 'Beacon', version: options.version },
    implementation: { description: 'Beacon early-warning and decision-support service', url: `${base}/fhir` },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Accepts FHIR R4 (UK Core codings understood) from registered EPR systems. Observations are scored against early-warning charts; other resources give patient context. Rejections are 4xx OperationOutcomes naming the element.',
        security: {
          cors: false,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          description:
            'SMART Backend Services (client credentials with a signed JWT assertion); system scopes such as system/Observation.c',
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: `${base}/auth/token` }],
            },
          ],
        },
        resource: ACCEPTED_RESOURCE_TYPES.map((type) => ({
          type,
          interaction: [{ code: 'create' }, { code: 'read' }, { code: 'vread' }],
          versioning: 'versioned',
          conditionalCreate: false,
          documentation:
            type === 'Observation'
              ? 'Vital signs (LOINC or UK Core SNOMED, any coding), ACVPU, air/oxygen, concern, newborn signs, gestational age, birth weight, exhaled CO, smoking status. Idempotent on id + meta.versionId or identifier.'
              : undefined,
        })),
        ...READ_ONLY_MEASURES,
        interaction: [{ code: 'batch' }, { code: 'transaction' }],
      },
    ],
  };
}
