import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClinicalRecordStore } from '../../../clinical-record/clinical-record.store';
import type { PatientSummary } from '../../../clinical-record/patient.store';
import { PatientStore } from '../../../clinical-record/patient.store';
import { FhirResourceStore } from '../../persistence/fhir-resource.store';
import type { PatientReference } from '../../../clinical-record/clinical-record.types';
import type { StoreResult } from '../../persistence/fhir-resource.store';
import type { RequestReferences, IntakeWork } from '../intake-work';
import { storeInput } from '../intake-work';
import type { IntakeContext, PreparedResource } from '../intake.types';
import { PatientResolver } from '../patient-resolver';

/** What every handler of a resource about one patient (its subject) works with. */
@Injectable()
export abstract class SubjectIntake {
  constructor(
    protected readonly resources: FhirResourceStore,
    protected readonly record: ClinicalRecordStore,
    protected readonly patientStore: PatientStore,
    protected readonly patients: PatientResolver,
  ) {}

  /** Resolves the subject (422 naming `expression` when unknown), then stores the resource filed under her. */
  protected async storeForSubject(
    manager: EntityManager,
    prepared: PreparedResource,
    subject: PatientReference,
    expression: string,
    scope: {
      readonly context: IntakeContext;
      readonly references: RequestReferences;
      readonly work: IntakeWork;
    },
  ): Promise<{ readonly stored: StoreResult; readonly patient: PatientSummary }> {
    const { context, references, work } = scope;
    const patient = await this.patients.resolve(manager, context, subject, expression, references, work);
    const stored = await this.resources.store(manager, storeInput(prepared, context, patient.id));
    return { stored, patient };
  }
}
