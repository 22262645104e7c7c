import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { outboxMessage } from '../../../queue/outbox';
import { JobName } from '../../../queue/queue.constants';
import type { Applied, PreparedOf, RequestReferences, ResourceIntake, IntakeWork } from '../intake-work';
import { changed, receivedAudit } from '../intake-work';
import type { IntakeContext } from '../intake.types';
import { SubjectIntake } from './subject-intake';

/** A RelatedPerson: links a baby to her mother (the family's pathways read the link). */
@Injectable()
export class RelatedPersonIntake extends SubjectIntake implements ResourceIntake<'RelatedPerson'> {
  async apply(
    manager: EntityManager,
    prepared: PreparedOf<'RelatedPerson'>,
    context: IntakeContext,
    references: RequestReferences,
    work: IntakeWork,
  ): Promise<Applied> {
    const { stored, patient } = await this.storeForSubject(
      manager,
      prepared,
      prepared.normalised.patient,
      'RelatedPerson.patient',
      {
        context,
        references,
        work,
      },
    );
    if (changed(stored)) {
      if (prepared.normalised.motherNhsNumber) {
        await this.patientStore.recordMother(manager, patient.id, prepared.normalised.motherNhsNumber);
        work.messages.push(
          outboxMessage(JobName.AssessPatient, { patientId: patient.id, reason: 'mother-linked' }),
        );
      }
      work.audit.push(receivedAudit(prepared, stored, patient, context));
    }
    return { stored, patient };
  }
}
