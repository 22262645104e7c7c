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

/** A RelatedPerson: links a baby to her mother (the family's pathways read the link). */
@Injectable()
export class RelatedPersonIntake implements ResourceIntake<'RelatedPerson'> {
  constructor(
    private readonly resources: FhirResourceStore,
    private readonly record: ClinicalRecordStore,
    private readonly patients: PatientResolver,
  ) {}

  async apply(
    manager: EntityManager,
    prepared: PreparedOf<'RelatedPerson'>,
    context: IntakeContext,
    references: RequestReferences,
    work: UnitOfWork,
  ): Promise<Applied> {
    const patient = await this.patients.resolve(
      manager,
      context,
      prepared.normalised.patient,
      'RelatedPerson.patient',
      references,
      work,
    );
    const stored = await this.resources.store(manager, storeInput(prepared, context, patient.id));
    if (changed(stored)) {
      if (prepared.normalised.motherNhsNumber) {
        await this.record.recordMother(manager, patient.id, prepared.normalised.motherNhsNumber);
        work.messages.push(
          outboxMessage(JobName.AssessPatient, { patientId: patient.id, reason: 'mother-linked' }),
        );
      }
      work.audit.push(receivedAudit(prepared, stored, patient, context));
    }
    return { stored, patient };
  }
}
