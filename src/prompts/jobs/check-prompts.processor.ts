import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobHandler } from '../../queue/handles-jobs.decorator';
import { HandlesJobs } from '../../queue/handles-jobs.decorator';
import type { JobPayloads } from '../../queue/queue.constants';
import { JobName } from '../../queue/queue.constants';
import { PromptsService } from '../prompts.service';

/** A prompt's window closed: her family is evaluated again (a prompt nothing recorded is then recorded as missed). */
@Injectable()
@HandlesJobs(JobName.CheckPrompts)
export class CheckPromptsProcessor implements JobHandler {
  constructor(private readonly prompts: PromptsService) {}

  process(job: Job): Promise<unknown> {
    const { patientId } = job.data as JobPayloads[JobName.CheckPrompts];
    return this.prompts.evaluate(patientId);
  }
}
