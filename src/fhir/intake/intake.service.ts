import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '../../audit/audit-log';
import type { AuditEntry } from '../../audit/audit.types';
import type { PatientSummary, ReadingsInput } from '../../clinical-record/clinical-record.store';
import { ClinicalRecordStore } from '../../clinical-record/clinical-record.store';
import type { OwnershipConflict, PatientReference } from '../../clinical-record/clinical-record.types';
import { CONTEXT_READING_FIELDS } from '../../clinical-record/clinical-record.types';
import { AppConfig } from '../../config/app-config';
import { BeaconMetrics } from '../../metrics/beacon-metrics';
import type { OutcomeIssue } from '../../http/operation-outcome';
import type { OutboxMessage } from '../../queue/outbox';
import { OutboxWriter, coalesceAssessments, outboxMessage } from '../../queue/outbox';
import { OutboxRelay } from '../../queue/outbox-relay';
import { JobName } from '../../queue/queue.constants';
import { notFound } from '../normalise/issues';
import { normaliseObservation } from '../normalise/observation';
import {
  normaliseClinicalEvent,
  normaliseEncounter,
  normalisePatient,
  normaliseRelatedPerson,
} from '../normalise/resources';
import type { StoreResult } from '../persistence/fhir-resource.store';
import { FhirResourceStore } from '../persistence/fhir-resource.store';
import { StructureValidator, isAcceptedType } from '../validation/structure-validator';
import type { IntakeContext, IntakeResult, PreparedResource } from './intake.types';
import { IntakeRejection } from './intake.types';

/** References resolved within one request (a Bundle): fullUrl or "Patient/<id>" → Beacon patient; panel members. */
export interface RequestReferences {
  readonly patients: Map<string, string>;
  /** Reference of an Observation grouped by a panel (hasMember) → the panel's key. */
  readonly panels: Map<string, string>;
}

export const noReferences = (): RequestReferences => ({ patients: new Map(), panels: new Map() });

/** Outbox work and audit events of one transaction, written at its end (audit last: it takes the chain lock). */
class UnitOfWork {
  readonly messages: OutboxMessage[] = [];
  readonly audit: AuditEntry[] = [];
  /** Patients already resolved in this transaction (a Bundle's seven Observations name one woman). */
  readonly patients = new Map<string, PatientSummary>();
}

type PreparedObservation = Extract<PreparedResource, { type: 'Observation' }>;

/** Where a rejection of the n-th Observation of a group belongs (a Bundle names its entry). */
export type LocateRejection = (position: number, rejection: IntakeRejection) => IntakeRejection;

const describeReference = (reference: PatientReference): string =>
  reference.kind === 'id'
    ? `Patient/${reference.resourceId}`
    : reference.kind === 'bundle'
      ? reference.fullUrl
      : `NHS number ${reference.nhsNumber}`;

const changed = (stored: StoreResult) => stored.outcome === 'created' || stored.outcome === 'new-version';

/** Readings that are never scored but that the pathway prompts read: they trigger an assessment too. */
const PATHWAY_CONTEXT_FIELDS: ReadonlySet<string> = new Set(CONTEXT_READING_FIELDS);

const RETRYABLE = new Set(['40001', '40P01', '23505']);

/**
 * Refuses (409) a change to facts another source owns, naming each element, and carries the audit event of the
 * refusal (docs/integration.md, "Who may change what"): a patient is never renamed or moved silently.
 */
function refuseConflict(context: IntakeContext, conflict: OwnershipConflict | undefined): void {
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

/**
 * FHIR intake: checks a resource (structure, then Beacon's clinical rules), then in one PostgreSQL transaction stores
 * it as received, updates what Beacon knows about the patient, and writes the resulting queue work and audit
 * events. The caller answers 2xx only after this returns, so nothing acknowledged can be lost.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly validator: StructureValidator,
    private readonly resources: FhirResourceStore,
    private readonly record: ClinicalRecordStore,
    private readonly outbox: OutboxWriter,
    private readonly auditLog: AuditLog,
    private readonly relay: OutboxRelay,
    private readonly config: AppConfig,
    private readonly metrics: BeaconMetrics,
  ) {}

  /** Structural and clinical checks, no I/O. Throws IntakeRejection (400 structure, 422 clinical rules). */
  prepare(body: unknown, sourceId?: string): PreparedResource {
    const structural = this.validator.validate(body);
    if (structural.length > 0) throw new IntakeRejection(400, structural);
    const resource = body as fhir4.FhirResource;
    if (!isAcceptedType(resource.resourceType)) {
      throw new IntakeRejection(400, [
        {
          code: 'not-supported',
          expression: 'resourceType',
          diagnostics: `Beacon does not accept ${resource.resourceType} (it accepts Patient, RelatedPerson, Encounter, EpisodeOfCare, Condition, Procedure, MedicationAdministration and Observation)`,
        },
      ]);
    }
    const common = { resource, ...(sourceId ? { sourceId } : {}) };
    const reject = (issues: readonly OutcomeIssue[]): never => {
      throw new IntakeRejection(422, issues);
    };
    switch (resource.resourceType) {
      case 'Observation': {
        const result = normaliseObservation(resource, {
          now: new Date(),
          futureToleranceMs: this.config.env.BEACON_FUTURE_TOLERANCE_SECONDS * 1000,
          scorePreliminary: this.config.env.BEACON_SCORE_PRELIMINARY,
        });
        return result.ok
          ? { ...common, type: 'Observation', normalised: result.value, warnings: result.warnings }
          : reject(result.issues);
      }
      case 'Patient': {
        const result = normalisePatient(resource);
        return result.ok
          ? { ...common, type: 'Patient', normalised: result.value, warnings: result.warnings }
          : reject(result.issues);
      }
      case 'RelatedPerson': {
        const result = normaliseRelatedPerson(resource);
        return result.ok
          ? { ...common, type: 'RelatedPerson', normalised: result.value, warnings: result.warnings }
          : reject(result.issues);
      }
      case 'Encounter': {
        const result = normaliseEncounter(resource, (keys) => this.config.wardForLocation(keys));
        return result.ok
          ? { ...common, type: 'Encounter', normalised: result.value, warnings: result.warnings }
          : reject(result.issues);
      }
      default: {
        const result = normaliseClinicalEvent(resource as fhir4.Condition);
        return result.ok
          ? { ...common, type: 'Event', normalised: result.value, warnings: result.warnings }
          : reject(result.issues);
      }
    }
  }

  /** One resource, one transaction. */
  async ingest(body: unknown, context: IntakeContext, sourceId?: string): Promise<IntakeResult> {
    const type = (body as { resourceType?: unknown } | null)?.resourceType;
    if (typeof type === 'string' && !context.mayWrite(type)) {
      throw new IntakeRejection(403, [
        { code: 'forbidden', diagnostics: `the access token lacks a scope to write ${type}` },
      ]);
    }
    const prepared = this.prepare(body, sourceId);
    const result = await this.inTransaction((manager, work) =>
      this.apply(manager, prepared, context, noReferences(), work),
    );
    this.relay.kick();
    this.metrics.intakeResources.inc({ type: prepared.resource.resourceType, outcome: result.outcome });
    return result;
  }

  /** Runs `work` in a transaction with its own unit of work, retrying on serialisation failures and races. */
  async inTransaction<T>(work: (manager: EntityManager, unit: UnitOfWork) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.dataSource.transaction(async (manager) => {
          const unit = new UnitOfWork();
          const result = await work(manager, unit);
          await this.outbox.add(manager, coalesceAssessments(unit.messages));
          await this.auditLog.append(manager, unit.audit);
          return result;
        });
      } catch (error) {
        if (error instanceof IntakeRejection && error.audit.length > 0) {
          // The refusal itself is audited, in a transaction of its own (the refused work has rolled back).
          await this.dataSource.transaction((manager) => this.auditLog.append(manager, error.audit));
        }
        const code =
          error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
        if (attempt >= 3 || !code || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  kickRelay(): void {
    this.relay.kick();
  }

  private async patientOrReject(
    manager: EntityManager,
    context: IntakeContext,
    reference: PatientReference,
    expression: string,
    references: RequestReferences,
    work: UnitOfWork,
  ): Promise<PatientSummary> {
    const described = describeReference(reference);
    const known = work.patients.get(described);
    if (known) return known;
    const patient = await this.record.resolvePatient(
      manager,
      context.sourceSystem,
      reference,
      references.patients,
    );
    if (!patient) {
      throw new IntakeRejection(422, [
        notFound(
          expression,
          `${expression}: ${described} is not a patient Beacon knows; send the Patient first (or in the same Bundle)`,
        ),
      ]);
    }
    work.patients.set(described, patient);
    return patient;
  }

  /** Stores one prepared resource inside the caller's transaction. */
  async apply(
    manager: EntityManager,
    prepared: PreparedResource,
    context: IntakeContext,
    references: RequestReferences,
    work: UnitOfWork,
    fullUrl?: string,
  ): Promise<IntakeResult> {
    if (prepared.type === 'Observation') {
      const [result] = await this.applyObservations(
        manager,
        [{ prepared, fullUrl }],
        context,
        references,
        work,
      );
      return result as IntakeResult;
    }
    // A Patient or an Encounter may change what was resolved earlier in this transaction (her ward).
    work.patients.clear();
    const store = (patientId: string | null) =>
      this.resources.store(manager, this.storeInput(prepared, context, patientId));
    const received = (stored: StoreResult, patient: PatientSummary | null) =>
      this.receivedAudit(prepared, stored, patient, context);

    let stored: StoreResult;
    let patient: PatientSummary | null = null;
    switch (prepared.type) {
      case 'Patient': {
        refuseConflict(
          context,
          await this.record.demographicsConflict(
            manager,
            context.sourceSystem,
            prepared.sourceId ?? prepared.resource.id,
            prepared.normalised.facts,
          ),
        );
        stored = await store(null);
        if (changed(stored)) {
          const id = await this.record.upsertPatient(
            manager,
            context.sourceSystem,
            prepared.sourceId ?? prepared.resource.id,
            prepared.normalised.facts,
            references.patients,
          );
          await manager.query('UPDATE fhir_resource SET patient_id = $1 WHERE id = $2', [id, stored.row.id]);
          patient = { id, wardId: null };
          work.audit.push(received(stored, patient));
          // A birth, or a link to a mother, changes what the family's pathways prompt for.
          if (prepared.normalised.facts.birthTime || prepared.normalised.facts.motherReference)
            work.messages.push(
              outboxMessage(JobName.AssessPatient, { patientId: id, reason: 'patient-changed' }),
            );
        } else {
          patient = stored.row.patientId ? { id: stored.row.patientId, wardId: null } : null;
        }
        if (patient) {
          if (fullUrl) references.patients.set(fullUrl, patient.id);
          if (prepared.resource.id) references.patients.set(`Patient/${prepared.resource.id}`, patient.id);
        }
        break;
      }
      case 'RelatedPerson': {
        patient = await this.patientOrReject(
          manager,
          context,
          prepared.normalised.patient,
          'RelatedPerson.patient',
          references,
          work,
        );
        stored = await store(patient.id);
        if (changed(stored)) {
          if (prepared.normalised.motherNhsNumber) {
            await this.record.recordMother(manager, patient.id, prepared.normalised.motherNhsNumber);
            work.messages.push(
              outboxMessage(JobName.AssessPatient, { patientId: patient.id, reason: 'mother-linked' }),
            );
          }
          work.audit.push(received(stored, patient));
        }
        break;
      }
      case 'Encounter': {
        patient = await this.patientOrReject(
          manager,
          context,
          prepared.normalised.subject,
          'Encounter.subject',
          references,
          work,
        );
        const since = prepared.normalised.event.occurredAt
          ? new Date(prepared.normalised.event.occurredAt)
          : new Date();
        refuseConflict(
          context,
          await this.record.locationConflict(
            manager,
            context.sourceSystem,
            patient.id,
            prepared.normalised.location,
            since,
          ),
        );
        stored = await store(patient.id);
        if (changed(stored)) {
          if (stored.replaced) await this.record.retire(manager, stored.replaced.id);
          await this.record.recordEvent(manager, patient.id, stored.row.id, prepared.normalised.event);
          const moved = await this.record.recordLocation(
            manager,
            patient.id,
            prepared.normalised.location,
            since,
            context.sourceSystem,
          );
          work.audit.push(received(stored, patient));
          if (moved.changed) {
            work.audit.push({
              type: 'patient.location-changed',
              actor: context.actor,
              patientId: patient.id,
              resourceId: stored.row.id,
              wardId: moved.wardId,
              details: {
                from: moved.previousWardId,
                to: moved.wardId,
                locations: prepared.normalised.location.locationReferences,
              },
            });
            work.messages.push(
              outboxMessage(JobName.AssessPatient, {
                patientId: patient.id,
                reason: 'location-changed',
                wards: [moved.previousWardId, moved.wardId],
              }),
            );
          } else {
            // An admission to a neonatal unit, or an encounter type a pathway reads.
            work.messages.push(
              outboxMessage(JobName.AssessPatient, { patientId: patient.id, reason: 'encounter' }),
            );
          }
        }
        break;
      }
      case 'Event': {
        patient = await this.patientOrReject(
          manager,
          context,
          prepared.normalised.subject,
          `${prepared.resource.resourceType}.subject`,
          references,
          work,
        );
        stored = await store(patient.id);
        if (changed(stored)) {
          if (stored.replaced) await this.record.retire(manager, stored.replaced.id);
          await this.record.recordEvent(manager, patient.id, stored.row.id, prepared.normalised.event);
          work.audit.push(received(stored, patient));
          work.messages.push(
            outboxMessage(JobName.AssessPatient, { patientId: patient.id, reason: 'clinical-event' }),
          );
        }
        break;
      }
    }

    return this.result(prepared, stored, patient, context);
  }

  private storeInput(prepared: PreparedResource, context: IntakeContext, patientId: string | null) {
    return {
      resource: prepared.resource,
      sourceSystem: context.sourceSystem,
      receivedVia: context.via,
      patientId,
      ...(prepared.sourceId ? { sourceId: prepared.sourceId } : {}),
    };
  }

  private receivedAudit(
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

  /** The answer for one stored resource; a changed resource re-sent under the same version id is a 409. */
  private result(
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

  /**
   * Stores Observations (one, or a Bundle's run of them) inside the caller's transaction in a fixed number of round
   * trips: each woman resolved once, the resources stored together, their readings written in one INSERT.
   */
  async applyObservations(
    manager: EntityManager,
    items: readonly { readonly prepared: PreparedObservation; readonly fullUrl?: string | undefined }[],
    context: IntakeContext,
    references: RequestReferences,
    work: UnitOfWork,
    locate: LocateRejection = (_position, rejection) => rejection,
  ): Promise<IntakeResult[]> {
    const patients: PatientSummary[] = [];
    for (const [position, { prepared }] of items.entries()) {
      try {
        patients.push(
          await this.patientOrReject(
            manager,
            context,
            prepared.normalised.subject,
            'Observation.subject',
            references,
            work,
          ),
        );
      } catch (error) {
        throw error instanceof IntakeRejection ? locate(position, error) : error;
      }
    }
    const stored = await this.resources.storeMany(
      manager,
      items.map(({ prepared }, position) =>
        this.storeInput(prepared, context, patients[position]?.id ?? null),
      ),
    );
    const readings: ReadingsInput[] = [];
    const results: IntakeResult[] = [];
    for (const [position, { prepared, fullUrl }] of items.entries()) {
      const patient = patients[position] as PatientSummary;
      const result = stored[position] as StoreResult;
      try {
        results.push(this.result(prepared, result, patient, context));
      } catch (error) {
        throw error instanceof IntakeRejection ? locate(position, error) : error;
      }
      if (!changed(result)) continue;
      const observationReadings = await this.recordObservation(
        manager,
        prepared,
        result,
        patient,
        context,
        references,
        work,
        fullUrl,
      );
      if (observationReadings) readings.push(observationReadings);
    }
    await this.record.recordReadings(manager, readings);
    return results;
  }

  /** What a new Observation version means: audit, retired readings, queued assessment; returns its readings. */
  private async recordObservation(
    manager: EntityManager,
    prepared: PreparedObservation,
    stored: StoreResult,
    patient: PatientSummary,
    context: IntakeContext,
    references: RequestReferences,
    work: UnitOfWork,
    fullUrl: string | undefined,
  ): Promise<ReadingsInput | undefined> {
    const observation = prepared.normalised;
    let retired = 0;
    if (stored.replaced) {
      retired = await this.record.retire(manager, stored.replaced.id);
      work.audit.push({
        type: 'observation.superseded',
        actor: context.actor,
        patientId: patient.id,
        resourceId: stored.replaced.id,
        wardId: patient.wardId,
        details: { by: stored.row.id, version: stored.row.versionNumber },
      });
    }
    work.audit.push(this.receivedAudit(prepared, stored, patient, context));
    const readings =
      observation.status === 'scored' || observation.status === 'stored-only' ? observation.readings : [];
    if (observation.status === 'retracted') {
      work.audit.push({
        type: 'observation.retracted',
        actor: context.actor,
        patientId: patient.id,
        resourceId: stored.row.id,
        wardId: patient.wardId,
        details: { retracted: stored.replaced?.id ?? null, readingsWithdrawn: retired },
      });
    }
    if (observation.status === 'ignored') {
      work.audit.push({
        type: 'observation.cancelled-ignored',
        actor: context.actor,
        patientId: patient.id,
        resourceId: stored.row.id,
        wardId: patient.wardId,
        details: { withdrew: stored.replaced?.id ?? null },
      });
    }
    // Context readings (gestation, CO, smoking status, birth weight) are not scored but the pathways read them.
    const pathways = readings.some((reading) => PATHWAY_CONTEXT_FIELDS.has(reading.field)) || retired > 0;
    if ((readings.length > 0 && observation.status === 'scored') || pathways) {
      const liveSince = Date.now() - this.config.env.BEACON_LIVE_WINDOW_MINUTES * 60_000;
      const backlog = Boolean(observation.effectiveAt && observation.effectiveAt.getTime() < liveSince);
      work.messages.push(
        outboxMessage(JobName.AssessPatient, {
          patientId: patient.id,
          reason: `observation-${observation.status}`,
          pathways,
          ...(backlog ? { backlog } : {}),
        }),
      );
    }
    if (readings.length === 0 || !observation.effectiveAt) return undefined;
    const selfReference = prepared.resource.id ? `Observation/${prepared.resource.id}` : undefined;
    const panelKey = [fullUrl, selfReference]
      .map((key) => (key ? references.panels.get(key) : undefined))
      .find(Boolean);
    return {
      patientId: patient.id,
      resourceId: stored.row.id,
      effectiveAt: observation.effectiveAt,
      effectivePrecision: observation.effectivePrecision,
      status: observation.status,
      panelKey,
      replacesResourceId: stored.replaced?.id,
      readings,
    };
  }
}

export type { UnitOfWork };
