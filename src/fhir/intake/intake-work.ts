import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '../../audit/audit.types';
import type { PatientSummary } from '../../clinical-record/patient.store';
import type { OwnershipConflict, PatientReference } from '../../clinical-record/clinical-record.types';
import { UnitOfWork } from '../../database/unit-of-work';
import type { StoreInput, StoreResult } from '../persistence/fhir-resource.store';
import type { IntakeContext, PreparedResource } from './intake.types';
import { IntakeRejection } from './intake.types';

/** References resolved within one request (a Bundle): fullUrl or "Patient/<id>" → Beacon patient; panel members. */
export interface RequestReferences {
  readonly patients: Map<string, string>;
  /** Reference of an Observation grouped by a panel (hasMember) → the panel's key. */
  readonly panels: Map<string, string>;
}

export const noReferences = (): RequestReferences => ({ patients: new Map(), panels: new Map() });

/** Intake's unit of work: also the patients already resolved in this transaction (a Bundle's seven Observations name one woman). */
export class IntakeWork extends UnitOfWork {
  readonly patients = new Map<string, PatientSummary>();
}

export type PreparedOf<T extends PreparedResource['type']> = Extract<PreparedResource, { type: T }>;

/** What a resource handler stored, and for whom. */
export interface Applied {
  readonly stored: StoreResult;
  readonly patient: PatientSummary | null;
}

/** Stores one kind of resource inside the caller's transaction, with what it means for the patient's record. */
export interface ResourceIntake<T extends PreparedResource['type']> {
  apply(
    manager: EntityManager,
    prepared: PreparedOf<T>,
    context: IntakeContext,
    references: RequestReferences,
    work: IntakeWork,
    fullUrl?: string,
  ): Promise<Applied>;
}

/** Where a rejection of the n-th Observation of a group belongs (a Bundle names its entry). */
export type LocateRejection = (position: number, rejection: IntakeRejection) => IntakeRejection;

export const changed = (stored: StoreResult): boolean =>
  stored.outcome === 'created' || stored.outcome === 'new-version';

export function storeInput(
  prepared: PreparedResource,
  context: IntakeContext,
  patientId: string | null,
): StoreInput {
  return {
    resource: prepared.resource,
    sourceSystem: context.sourceSystem,
    receivedVia: context.via,
    patientId,
    ...(prepared.sourceId ? { sourceId: prepared.sourceId } : {}),
  };
}

/** The audit record of a resource version Beacon accepted. */
export function receivedAudit(
  prepared: PreparedResource,
  stored: StoreResult,
  patient: PatientSummary | null,
  context: IntakeContext,
): AuditEntry {
  return {
    type: prepared.type === 'Observation' ? 'observation.received' : 'resource.received',
    actor: context.actor,
    patientId: patient?.id ?? null,
    resourceId: stored.row.id,
    wardId: patient?.wardId ?? null,
    details: {
      resourceType: prepared.resource.resourceType,
      logicalId: stored.row.logicalId,
      version: stored.row.versionNumber,
      outcome: stored.outcome,
      via: context.via,
      sourceSystem: context.sourceSystem,
      ...(prepared.resource.id ? { sourceId: prepared.resource.id } : {}),
    },
  };
}

export const describeReference = (reference: PatientReference): string =>
  reference.kind === 'id'
    ? `Patient/${reference.resourceId}`
    : reference.kind === 'bundle'
      ? reference.fullUrl
      : `NHS number ${reference.nhsNumber}`;

/**
 * Refuses (409) a change to facts another source owns, naming each element, and carries the audit event of the
 * refusal (docs/integration.md, "Who may change what"): a patient is never renamed or moved silently.
 */
export function refuseConflict(context: IntakeContext, conflict: OwnershipConflict | undefined): void {
  if (!conflict) return;
  const what = conflict.kind === 'demographics' ? 'demographics' : 'ward and bed';
  throw new IntakeRejection(
    409,
    conflict.differences.map((difference) => ({
      code: 'conflict',
      expression: difference.element,
      // What the owner holds stays out of the answer (another EPR learns nothing new); the audit keeps both.
      diagnostics:
        `${difference.element}: this patient's ${what} belong to ${conflict.owner}, and what ${context.sourceSystem} ` +
        `sent differs from what it holds. Nothing was stored: ask ${conflict.owner} to change it` +
        (conflict.kind === 'location' ? ', or to end her stay there first' : ''),
    })),
    [
      {
        type: conflict.kind === 'demographics' ? 'patient.update-refused' : 'patient.move-refused',
        actor: context.actor,
        patientId: conflict.patientId,
        wardId: conflict.wardId,
        details: {
          sourceSystem: context.sourceSystem,
          owner: conflict.owner,
          via: context.via,
          differences: conflict.differences,
        },
      },
    ],
  );
}
