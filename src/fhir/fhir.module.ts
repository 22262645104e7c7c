import { Module } from '@nestjs/common';
import { ClinicalRecordModule } from '../clinical-record/clinical-record.module';
import { BundleIntake } from './intake/bundle-intake';
import { ClinicalEventIntake } from './intake/handlers/clinical-event.intake';
import { EncounterIntake } from './intake/handlers/encounter.intake';
import { ObservationIntake } from './intake/handlers/observation.intake';
import { PatientIntake } from './intake/handlers/patient.intake';
import { RelatedPersonIntake } from './intake/handlers/related-person.intake';
import { IntakeService } from './intake/intake.service';
import { IntakeSlots } from './intake/intake-slots';
import { PatientResolver } from './intake/patient-resolver';
import { FhirResourceStore } from './persistence/fhir-resource.store';
import { UpstreamCursorRepository } from './persistence/upstream-cursor.repository';
import { UpstreamClient } from './upstream/upstream-client';
import { UpstreamSync } from './upstream/upstream-sync.service';
import { StructureValidator } from './validation/structure-validator';

/** The anti-corruption layer's services: FHIR in, Beacon's plain clinical record out; the upstream server. */
@Module({
  imports: [ClinicalRecordModule],
  providers: [
    StructureValidator,
    FhirResourceStore,
    PatientResolver,
    PatientIntake,
    RelatedPersonIntake,
    EncounterIntake,
    ClinicalEventIntake,
    ObservationIntake,
    IntakeSlots,
    IntakeService,
    BundleIntake,
    UpstreamClient,
    UpstreamCursorRepository,
    UpstreamSync,
  ],
  exports: [IntakeService, IntakeSlots, BundleIntake, FhirResourceStore, UpstreamClient, UpstreamSync],
})
export class FhirModule {}
