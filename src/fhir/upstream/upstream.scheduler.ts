import type { OnApplicationBootstrap } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { JobName, QueueName } from '../../queue/queue.constants';
import { UpstreamClient } from './upstream-client';

/**
 * In a worker: on start, a catch-up that first makes sure Beacon's Subscriptions exist; then a catch-up every
 * BEACON_FHIR_CATCHUP_INTERVAL_MS as the safety net for notifications the upstream server never delivered.
 */
@Injectable()
export class UpstreamScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(UpstreamScheduler.name);

  constructor(
    @InjectQueue(QueueName.Upstream) private readonly queue: Queue,
    private readonly client: UpstreamClient,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.client.enabled) return;
    try {
      await this.queue.upsertJobScheduler(
        'upstream-catch-up',
        { every: this.config.env.BEACON_FHIR_CATCHUP_INTERVAL_MS },
        { name: JobName.CatchUpUpstream, data: { trigger: 'timer' } },
      );
      await this.queue.add(
        JobName.CatchUpUpstream,
        { trigger: 'start' },
        { jobId: `catch-up-start-${Date.now()}` },
      );
    } catch (error) {
      // Redis down at start: the timer is set up at the next start; notifications and pings still trigger work.
      this.logger.warn(`could not schedule the upstream catch-up: ${String(error)}`);
    }
  }
}
