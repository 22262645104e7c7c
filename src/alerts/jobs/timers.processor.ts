import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { JobHandler } from '../../queue/handles-jobs.decorator';
import { HandlesJobs } from '../../queue/handles-jobs.decorator';
import type { JobPayloads } from '../../queue/queue.constants';
import { JobName } from '../../queue/queue.constants';
import { AlertTimers } from '../alert-timers.service';
import { PromptsService } from '../../prompts/prompts.service';

/**
 * Escalation timers, and the sweep that raises overdue alerts and finds timers (and prompts' deadlines) whose job was
 * lost. Each is a no-op when moot.
 */
@Injectable()
@HandlesJobs(JobName.EscalateAlert, JobName.CheckOverdue, JobName.SweepTimers)
export class TimersProcessor implements JobHandler {
  constructor(
    private readonly alerts: AlertTimers,
    private readonly prompts: PromptsService,
  ) {}

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.EscalateAlert: {
        const { alertId, step } = job.data as JobPayloads[JobName.EscalateAlert];
        return { outcome: await this.alerts.escalate(alertId, step) };
      }
      // Queued by versions before 3 December 2026, which set a timer per set; the sweep now finds overdue sets.
      case JobName.CheckOverdue: {
        const { patientId, setId } = job.data as JobPayloads[JobName.CheckOverdue];
        return { outcome: await this.alerts.checkOverdue(patientId, setId) };
      }
      case JobName.SweepTimers:
        return { ...(await this.alerts.sweep()), prompts: await this.prompts.sweep() };
      default:
        throw new UnrecoverableError(`timers queue has no handler for ${job.name}`);
    }
  }
}
