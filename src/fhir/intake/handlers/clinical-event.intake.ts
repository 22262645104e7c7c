import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClinicalRecordStore } from '../../../clinical-record/clinical-record.store';
import { outboxMessage } from '../../../queue/outbox';
import { JobName } from '../../../queue/queue.constants';
import { FhirResourceStore } from '../../persistence/fhir-resource.store';
import type { Applied, PreparedOf, RequestReferences, ResourceIntake, UnitOfWork } from '../intake-work';
import { changed, receivedAudit, storeInput } from '../intake-work';
import type { IntakeContext } from '../intake.types';
import { PatientResolver } from '../patient-resolver';

/**
 * A Condition, Procedure, EpisodeOfCare or MedicationAdministration: an event in her record that decides her group
 * (pregnant, delivered) and what the pathways prompt for.
 */
@Injectable()
export class ClinicalEventIntake implements ResourceIntake<'Event'> {
  constructor(
    private readonly resources: FhirResourceStore,
    private readonly record: ClinicalRecordStore,
    private readonly patients: PatientResolver,
  ) {}

  async apply(
    manager: EntityManager,
    prepared: PreparedOf<'Event'>,
    context: IntakeContext,
    references: RequestReferences,
    work: UnitOfWork,
  ): Promise<Applied> {
    const patient = await this.patients.resolve(
      manager,
      context,
      prepared.normalised.subject,
      `${prepared.resource.resourceType}.subject`,
      references,
      work,
    );
    const stored = await this.resources.store(manager, storeInput(prepared, context, patient.id));
    if (changed(stored)) {
      if (stored.replaced) await this.record.retire(manager, stored.replaced.id);
      await this.record.recordEvent(manager, patient.id, stored.row.id, prepared.normalised.event);
      work.audit.push(receivedAudit(prepared, stored, patient, context));
      work.messages.push(
        outboxMessage(JobName.AssessPatient, { patientId: patient.id, reason: 'clinical-event' }),
      );
    }
    return { stored, patient };
  }
}
