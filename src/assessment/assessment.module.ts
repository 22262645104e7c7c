import { Module } from '@nestjs/common';
import { ClinicalRecordModule } from '../clinical-record/clinical-record.module';
import { AssessmentService } from './assessment.service';
import { ObservationSetRepository } from './observation-set.repository';
import { ScoreBroadcast } from './score-broadcast';
import { ScoringLagMonitor } from './scoring-lag.monitor';

/** Observation sets: placing readings in the set the EPR sent them with, scoring sets, storing them. */
@Module({
  imports: [ClinicalRecordModule],
  providers: [AssessmentService, ObservationSetRepository, ScoringLagMonitor, ScoreBroadcast],
  exports: [AssessmentService, ObservationSetRepository, ScoringLagMonitor, ScoreBroadcast],
})
export class AssessmentModule {}
