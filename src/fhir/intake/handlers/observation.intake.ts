import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReadingsInput } from '../../../clinical-record/clinical-record.store';
import { ClinicalRecordStore } from '../../../clinical-record/clinical-record.store';
import type { PatientSummary } from '../../../clinical-record/patient.store';
import { CONTEXT_READING_FIELDS } from '../../../clinical-record/clinical-record.types';
import { AppConfig } from '../../../config/app-config';
import { outboxMessage } from '../../../queue/outbox';
import { JobName } from '../../../queue/queue.constants';
import type { StoreResult } from '../../persistence/fhir-resource.store';
import { FhirResourceStore } from '../../persistence/fhir-resource.store';
import type { Applied, LocateRejection, PreparedOf, RequestReferences, IntakeWork } from '../intake-work';
import { changed, receivedAudit, storeInput } from '../intake-work';
import type { IntakeContext } from '../intake.types';
import { IntakeRejection } from '../intake.types';
import { PatientResolver } from '../patient-resolver';

/** Readings that are never scored but that the pathway prompts read: they trigger an assessment too. */
const PATHWAY_CONTEXT_FIELDS: ReadonlySet<string> = new Set(CONTEXT_READING_FIELDS);

/**
 * Observations (one, or a Bundle's run of them): stored in a fixed number of round trips (each woman resolved once,
 * the resources stored together, their readings written in one INSERT), each queueing her assessment.
 */
@Injectable()
export class ObservationIntake {
  constructor(
    private readonly resources: FhirResourceStore,
    private readonly record: ClinicalRecordStore,
    private readonly patients: PatientResolver,
    private readonly config: AppConfig,
  ) {}

  async applyMany(
    manager: EntityManager,
    items: readonly { readonly prepared: PreparedOf<'Observation'>; readonly fullUrl?: string | undefined }[],
    context: IntakeContext,
    references: RequestReferences,
    work: IntakeWork,
    locate: LocateRejection,
  ): Promise<Applied[]> {
    const patients: PatientSummary[] = [];
    for (const [position, { prepared }] of items.entries()) {
      try {
        patients.push(
          await this.patients.resolve(
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
      items.map(({ prepared }, position) => storeInput(prepared, context, patients[position]?.id ?? null)),
    );
    const readings: ReadingsInput[] = [];
    for (const [position, { prepared, fullUrl }] of items.entries()) {
      const result = stored[position] as StoreResult;
      if (!changed(result)) continue;
      const recorded = await this.recordObservation(
        manager,
        prepared,
        result,
        patients[position] as PatientSummary,
        context,
        references,
        work,
        fullUrl,
      );
      if (recorded) readings.push(recorded);
    }
    await this.record.recordReadings(manager, readings);
    return stored.map((result, position) => ({ stored: result, patient: patients[position] ?? null }));
  }

  /** What a new Observation version means: audit, retired readings, queued assessment; returns its readings. */
  private async recordObservation(
    manager: EntityManager,
    prepared: PreparedOf<'Observation'>,
    stored: StoreResult,
    patient: PatientSummary,
    context: IntakeContext,
    references: RequestReferences,
    work: IntakeWork,
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
    work.audit.push(receivedAudit(prepared, stored, patient, context));
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
