import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { outboxMessage } from '../../../queue/outbox';
import { JobName } from '../../../queue/queue.constants';
import type { Applied, PreparedOf, RequestReferences, ResourceIntake, IntakeWork } from '../intake-work';
import { changed, receivedAudit, refuseConflict, storeInput } from '../intake-work';
import type { IntakeContext } from '../intake.types';
import { SubjectIntake } from './subject-intake';

/** An Encounter: her ward and bed (a move re-syncs both wards' screens), and encounter types the pathways read. */
@Injectable()
export class EncounterIntake extends SubjectIntake implements ResourceIntake<'Encounter'> {
  async apply(
    manager: EntityManager,
    prepared: PreparedOf<'Encounter'>,
    context: IntakeContext,
    references: RequestReferences,
    work: IntakeWork,
  ): Promise<Applied> {
    const { event, location, subject } = prepared.normalised;
    const patient = await this.patients.resolve(
      manager,
      context,
      subject,
      'Encounter.subject',
      references,
      work,
    );
    const since = event.occurredAt ? new Date(event.occurredAt) : new Date();
    refuseConflict(
      context,
      await this.patientStore.locationConflict(manager, context.sourceSystem, patient.id, location, since),
    );
    const stored = await this.resources.store(manager, storeInput(prepared, context, patient.id));
    if (!changed(stored)) return { stored, patient };
    if (stored.replaced) await this.record.retire(manager, stored.replaced.id);
    await this.record.recordEvent(manager, patient.id, stored.row.id, event);
    const moved = await this.patientStore.recordLocation(
      manager,
      patient.id,
      location,
      since,
      context.sourceSystem,
    );
    work.audit.push(receivedAudit(prepared, stored, patient, context));
    if (moved.changed) {
      work.audit.push({
        type: 'patient.location-changed',
        actor: context.actor,
        patientId: patient.id,
        resourceId: stored.row.id,
        wardId: moved.wardId,
        details: { from: moved.previousWardId, to: moved.wardId, locations: location.locationReferences },
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
    return { stored, patient };
  }
}
