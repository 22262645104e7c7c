import { Global, Module } from '@nestjs/common';
import { JobFailureSink } from '../queue/job-failure-sink';
import { AlertsModule } from './alerts.module';
import { AssessPatientProcessor } from './jobs/assess-patient.processor';
import { TimersProcessor } from './jobs/timers.processor';
import { TimersScheduler } from './jobs/timers.scheduler';
import { ProcessingFailureAlarms } from './processing-failures';

/**
 * Worker side of alerts: assessing patients, escalation and overdue timers, processing-failure alarms. Global so the
 * queue's workers find the JobFailureSink it provides.
 */
@Global()
@Module({
  imports: [AlertsModule],
  providers: [
    AssessPatientProcessor,
    TimersProcessor,
    TimersScheduler,
    { provide: JobFailureSink, useClass: ProcessingFailureAlarms },
  ],
  exports: [JobFailureSink],
})
export class AlertsJobsModule {}
