import { Global, Module } from '@nestjs/common';
import { JobFailureSink } from '../../queue/job-failure-sink';
import { PromptsModule } from '../../prompts/prompts.module';
import { AlertsModule } from '../alerts.module';
import { TimersProcessor } from './timers.processor';
import { TimersScheduler } from './timers.scheduler';
import { AlertTimers } from '../alert-timers.service';

/**
 * Worker side of alerts: escalation and overdue timers, the timer sweep (prompts' sweep included) and its schedule,
 * and processing-failure alarms (AlertTimers is the queue's JobFailureSink). Global so the queue's workers find the JobFailureSink it provides.
 */
@Global()
@Module({
  imports: [AlertsModule, PromptsModule],
  providers: [TimersProcessor, TimersScheduler, { provide: JobFailureSink, useExisting: AlertTimers }],
  exports: [JobFailureSink, TimersScheduler],
})
export class AlertsJobsModule {}
