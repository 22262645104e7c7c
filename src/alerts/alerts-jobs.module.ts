import { Global, Module } from '@nestjs/common';
import { FhirModule } from '../fhir/fhir.module';
import { JobFailureSink } from '../queue/job-failure-sink';
import { AlertsModule } from './alerts.module';
import { AssessPatientProcessor } from './jobs/assess-patient.processor';
import { TimersProcessor } from './jobs/timers.processor';
import { ScoringSweep } from './jobs/scoring-sweep';
import { TimersScheduler } from './jobs/timers.scheduler';
import { WriteBackProcessor } from './jobs/write-back.processor';
import { WriteBackReferralProcessor } from './jobs/write-back-referral.processor';
import { ProcessingFailureAlarms } from './processing-failures';

/**
 * Worker side of alerts: assessing patients, escalation and overdue timers, the upstream write-back, and
 * processing-failure alarms. Global so the queue's workers find the JobFailureSink it provides.
 */
@Global()
@Module({
  imports: [AlertsModule, FhirModule],
  providers: [
    AssessPatientProcessor,
    TimersProcessor,
    TimersScheduler,
    ScoringSweep,
    WriteBackProcessor,
    WriteBackReferralProcessor,
    { provide: JobFailureSink, useClass: ProcessingFailureAlarms },
  ],
  exports: [JobFailureSink],
})
export class AlertsJobsModule {}
