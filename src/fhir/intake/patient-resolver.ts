import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PatientSummary } from '../../clinical-record/patient.store';
import { PatientStore } from '../../clinical-record/patient.store';
import type { PatientReference } from '../../clinical-record/clinical-record.types';
import { notFound } from '../normalise/issues';
import type { RequestReferences, IntakeWork } from './intake-work';
import { describeReference } from './intake-work';
import type { IntakeContext } from './intake.types';
import { IntakeRejection } from './intake.types';

/** The Beacon patient a resource's subject names, once per transaction; a 422 naming the element when unknown. */
@Injectable()
export class PatientResolver {
  constructor(private readonly patients: PatientStore) {}

  async resolve(
    manager: EntityManager,
    context: IntakeContext,
    reference: PatientReference,
    expression: string,
    references: RequestReferences,
    work: IntakeWork,
  ): Promise<PatientSummary> {
    const described = describeReference(reference);
    const known = work.patients.get(described);
    if (known) return known;
    const patient = await this.patients.resolvePatient(
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
}
