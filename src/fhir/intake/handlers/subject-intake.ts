import { Injectable } from '@nestjs/common';
import { ClinicalRecordStore } from '../../../clinical-record/clinical-record.store';
import { FhirResourceStore } from '../../persistence/fhir-resource.store';
import { PatientResolver } from '../patient-resolver';

/** What every handler of a resource about one patient (its subject) works with. */
@Injectable()
export abstract class SubjectIntake {
  constructor(
    protected readonly resources: FhirResourceStore,
    protected readonly record: ClinicalRecordStore,
    protected readonly patients: PatientResolver,
  ) {}
}
