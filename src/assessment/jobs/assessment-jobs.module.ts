import { Module } from '@nestjs/common';
import { AlertsJobsModule } from '../../alerts/jobs/alerts-jobs.module';
import { AlertsModule } from '../../alerts/alerts.module';
import { PromptsModule } from '../../prompts/prompts.module';
import { AssessPatientProcessor } from './assess-patient.processor';
import { ScoringSweep } from './scoring-sweep';

/**
 * Worker side of assessment, the worker's composition of one patient's work: assess her readings, decide her alerts,
 * then her family's prompts; and the scoring sweep that queues again any patient whose readings waited too long.
 */
@Module({
  imports: [AlertsModule, AlertsJobsModule, PromptsModule],
  providers: [AssessPatientProcessor, ScoringSweep],
})
export class AssessmentJobsModule {}
