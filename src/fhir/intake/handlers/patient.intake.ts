import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PatientStore } from '../../../clinical-record/patient.store';
import { outboxMessage } from '../../../queue/outbox';
import { JobName } from '../../../queue/queue.constants';
import { FhirResourceStore } from '../../persistence/fhir-resource.store';
import type { Applied, PreparedOf, RequestReferences, ResourceIntake, IntakeWork } from '../intake-work';
import { changed, receivedAudit, refuseConflict, storeInput } from '../intake-work';
import type { IntakeContext } from '../intake.types';

/** A Patient: registers or updates the woman or baby (facts another source owns are refused, 409). */
@Injectable()
export class PatientIntake implements ResourceIntake<'Patient'> {
  constructor(
    private readonly resources: FhirResourceStore,
    private readonly patients: PatientStore,
  ) {}

  async apply(
    manager: EntityManager,
    prepared: PreparedOf<'Patient'>,
    context: IntakeContext,
    references: RequestReferences,
    work: IntakeWork,
    fullUrl?: string,
  ): Promise<Applied> {
    const sourceId = prepared.sourceId ?? prepared.resource.id;
    const { facts } = prepared.normalised;
    refuseConflict(
      context,
      await this.patients.demographicsConflict(manager, context.sourceSystem, sourceId, facts),
    );
    const stored = await this.resources.store(manager, storeInput(prepared, context, null));
    let patient = stored.row.patientId ? { id: stored.row.patientId, wardId: null } : null;
    if (changed(stored)) {
      const id = await this.patients.upsertPatient(
        manager,
        context.sourceSystem,
        sourceId,
        facts,
        references.patients,
      );
      await this.resources.assignPatient(manager, stored.row.id, id);
      patient = { id, wardId: null };
      work.audit.push(receivedAudit(prepared, stored, patient, context));
      // A birth, or a link to a mother, changes what the family's pathways prompt for.
      if (facts.birthTime || facts.motherReference)
        work.messages.push(
          outboxMessage(JobName.AssessPatient, { patientId: id, reason: 'patient-changed' }),
        );
    }
    if (patient) {
      if (fullUrl) references.patients.set(fullUrl, patient.id);
      if (prepared.resource.id) references.patients.set(`Patient/${prepared.resource.id}`, patient.id);
    }
    return { stored, patient };
  }
}
