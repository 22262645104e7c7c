import { Injectable } from '@nestjs/common';
import { JobFailureSink } from '../queue/job-failure-sink';
import { AlertTimers } from './alert-timers.service';

/** Jobs that failed for good become processing-failure alerts (and audit events). */
@Injectable()
export class ProcessingFailureAlarms extends JobFailureSink {
  constructor(private readonly alerts: AlertTimers) {
    super();
  }

  jobFailed(job: { name: string; id?: string | undefined; data: unknown }, error: Error): Promise<void> {
    return this.alerts.recordProcessingFailure(job, error);
  }
}
