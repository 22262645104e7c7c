import { Global, Module } from '@nestjs/common';
import { JobFailureSink } from '../../queue/job-failure-sink';
import { PromptsModule } from '../../prompts/prompts.module';
import { AlertsModule } from '../alerts.module';
import { AssessPatientProcessor } from './assess-patient.processor';
import { TimersProcessor } from './timers.processor';
import { ScoringSweep } from './scoring-sweep';
import { TimersScheduler } from './timers.scheduler';
import { ProcessingFailureAlarms } from '../processing-failures';

/**
 * Worker side of alerts: assessing patients, escalation and overdue timers, and processing-failure alarms. Global so the queue's workers find the JobFailureSink it provides.
 */
@Global()
@Module({
  imports: [AlertsModule, PromptsModule],
  providers: [
    AssessPatientProcessor,
    TimersProcessor,
    TimersScheduler,
    ScoringSweep,
    { provide: JobFailureSink, useClass: ProcessingFailureAlarms },
  ],
  exports: [JobFailureSink],
})
export class AlertsJobsModule {}
