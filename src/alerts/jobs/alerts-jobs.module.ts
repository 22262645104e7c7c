import { Global, Module } from '@nestjs/common';
import { FhirModule } from '../../fhir/fhir.module';
import { JobFailureSink } from '../../queue/job-failure-sink';
import { PromptsModule } from '../../prompts/prompts.module';
import { AlertsModule } from '../alerts.module';
import { AssessPatientProcessor } from './assess-patient.processor';
import { TimersProcessor } from './timers.processor';
import { ScoringSweep } from './scoring-sweep';
import { TimersScheduler } from './timers.scheduler';
import { WriteBackProcessor } from './write-back.processor';
import { ProcessingFailureAlarms } from '../processing-failures';

/**
 * Worker side of alerts: assessing patients, escalation and overdue timers, the upstream write-back, and
 * processing-failure alarms. Global so the queue's workers find the JobFailureSink it provides.
 */
@Global()
@Module({
  imports: [AlertsModule, PromptsModule, FhirModule],
  providers: [
    AssessPatientProcessor,
    TimersProcessor,
    TimersScheduler,
    ScoringSweep,
    WriteBackProcessor,
    { provide: JobFailureSink, useClass: ProcessingFailureAlarms },
  ],
  exports: [JobFailureSink],
})
export class AlertsJobsModule {}
