import { Module } from '@nestjs/common';
import { ClinicalRecordModule } from '../clinical-record/clinical-record.module';
import { AssessmentService } from './assessment.service';
import { ObservationSetRepository } from './observation-set.repository';
import { ScoringLagMonitor } from './scoring-lag.monitor';

/** Observation sets: placing readings in the set the EPR sent them with, scoring sets, storing them. */
@Module({
  imports: [ClinicalRecordModule],
  providers: [AssessmentService, ObservationSetRepository, ScoringLagMonitor],
  exports: [AssessmentService, ObservationSetRepository, ScoringLagMonitor],
})
export class AssessmentModule {}
