import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { JobHandler } from '../../queue/handles-jobs.decorator';
import { HandlesJobs } from '../../queue/handles-jobs.decorator';
import type { JobPayloads } from '../../queue/queue.constants';
import { JobName } from '../../queue/queue.constants';
import { UpstreamSync, isPermanentFailure } from './upstream-sync.service';

/** Fetches id-only and deferred resources from the upstream server, and runs the catch-up search. */
@Injectable()
@HandlesJobs(JobName.FetchUpstreamResource, JobName.CatchUpUpstream)
export class UpstreamProcessor implements JobHandler {
  private readonly logger = new Logger(UpstreamProcessor.name);

  constructor(private readonly sync: UpstreamSync) {}

  async process(job: Job): Promise<unknown> {
    try {
      switch (job.name as JobName) {
        case JobName.FetchUpstreamResource: {
          const { resourceType, id, versionId } = job.data as JobPayloads[JobName.FetchUpstreamResource];
          const result = await this.sync.fetch(resourceType, id, versionId);
          return { outcome: result.outcome };
        }
        case JobName.CatchUpUpstream: {
          const { trigger } = job.data as JobPayloads[JobName.CatchUpUpstream];
          if (trigger === 'start') await this.sync.ensureSubscriptions();
          return await this.sync.catchUp();
        }
        default:
          throw new UnrecoverableError(`upstream queue has no handler for ${job.name}`);
      }
    } catch (error) {
      // Bad data and resources that are gone will not improve with retries; anything else (network, database) will.
      if (isPermanentFailure(error)) {
        const message = error instanceof Error ? error.message : String(error);
        this.logger.warn(`${job.name} ${job.id ?? ''}: ${message}`);
        throw new UnrecoverableError(message);
      }
      throw error;
    }
  }
}
