import type { OnApplicationBootstrap } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { JobName, QueueName } from '../../queue/queue.constants';

/** In a worker: the periodic timer sweep (the safety net for escalation and overdue timers). */
@Injectable()
export class TimersScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(TimersScheduler.name);

  constructor(
    @InjectQueue(QueueName.Timers) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.schedule();
    } catch (error) {
      this.logger.warn(`could not schedule the timer sweep: ${String(error)}`);
    }
  }

  /** Idempotent: called again by the scoring sweep, so a Redis that lost its data gets the schedule back. */
  async schedule(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'timer-sweep',
      { every: this.config.env.BEACON_TIMER_SWEEP_MS },
      { name: JobName.SweepTimers, data: { trigger: 'timer' } },
    );
  }
}
