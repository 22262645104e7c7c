import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { outboxMessage } from '../../../queue/outbox';
import { JobName } from '../../../queue/queue.constants';
import type { Applied, PreparedOf, RequestReferences, ResourceIntake, IntakeWork } from '../intake-work';
import { changed, receivedAudit } from '../intake-work';
import type { IntakeContext } from '../intake.types';
import { SubjectIntake } from './subject-intake';

/**
 * A Condition, Procedure, EpisodeOfCare or MedicationAdministration: an event in her record that decides her group
 * (pregnant, delivered) and what the pathways prompt for.
 */
@Injectable()
export class ClinicalEventIntake extends SubjectIntake implements ResourceIntake<'Event'> {
  async apply(
    manager: EntityManager,
    prepared: PreparedOf<'Event'>,
    context: IntakeContext,
    references: RequestReferences,
    work: IntakeWork,
  ): Promise<Applied> {
    const { stored, patient } = await this.storeForSubject(
      manager,
      prepared,
      prepared.normalised.subject,
      `${prepared.resource.resourceType}.subject`,
      {
        context,
        references,
        work,
      },
    );
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
