import type { PatientSummary } from '../../clinical-record/patient.store';
import type { StoreResult } from '../persistence/fhir-resource.store';
import type { IntakeContext, IntakeResult, PreparedResource } from './intake.types';
import { IntakeRejection } from './intake.types';

/** The answer for one stored resource; a changed resource re-sent under the same version id is a 409. */
export function intakeResult(
  prepared: PreparedResource,
  stored: StoreResult,
  patient: PatientSummary | null,
  context: IntakeContext,
): IntakeResult {
  if (stored.outcome === 'conflict') {
    throw new IntakeRejection(409, [
      {
        code: 'conflict',
        expression: `${prepared.resource.resourceType}.meta.versionId`,
        diagnostics: `${prepared.resource.resourceType}/${prepared.resource.id ?? '?'} version ${prepared.resource.meta?.versionId ?? '?'} was already received with different content; a changed resource needs a new versionId`,
      },
    ]);
  }
  const warnings = [
    ...prepared.warnings,
    ...(stored.outcome === 'stale-version'
      ? [
          {
            severity: 'warning' as const,
            code: 'informational' as const,
            diagnostics:
              'a newer version of this resource is already current: this one is kept but not applied',
          },
        ]
      : []),
  ];
  const receivedAt = stored.row.receivedAt ?? new Date();
  return {
    status: stored.outcome === 'created' || stored.outcome === 'new-version' ? 201 : 200,
    outcome: stored.outcome,
    resourceType: prepared.resource.resourceType,
    logicalId: stored.row.logicalId,
    versionNumber: stored.row.versionNumber,
    receivedAt,
    patientId: patient?.id ?? null,
    warnings,
    resource: {
      ...prepared.resource,
      id: stored.row.logicalId,
      meta: {
        ...prepared.resource.meta,
        versionId: String(stored.row.versionNumber),
        lastUpdated: receivedAt.toISOString(),
        source: context.sourceSystem,
      },
    },
  };
}
