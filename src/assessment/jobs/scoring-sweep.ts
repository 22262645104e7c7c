import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { TimersScheduler } from '../../alerts/jobs/timers.scheduler';
import { AppConfig } from '../../config/app-config';
import { JobName, QueueName } from '../../queue/queue.constants';
import { ObservationSetRepository } from '../observation-set.repository';

const PATIENTS_PER_SWEEP = 500;
/** A reading waiting this many sweep intervals has lost its job (or the worker is far behind). */
const WAITING_INTERVALS = 5;
/** Sweeps between two re-installs of the timer sweep's schedule in Redis. */
const RESCHEDULE_EVERY = 15;

/**
 * In a worker: nothing accepted stays unscored. Readings waiting for assessment are marked in PostgreSQL, so a queue
 * job lost with Redis's data (a restart: Redis here keeps nothing on disk) is found here and queued again. Runs on a
 * timer in the process, not as a Redis job, so it survives exactly the outage it guards against; it also puts the
 * timer sweep's schedule back into Redis.
 */
@Injectable()
export class ScoringSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ScoringSweep.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  private rounds = 0;

  constructor(
    @InjectQueue(QueueName.Clinical) private readonly queue: Queue,
    private readonly dataSource: DataSource,
    private readonly sets: ObservationSetRepository,
    private readonly timers: TimersScheduler,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.env.BEACON_SCORING_SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Queues an assessment for every patient with readings waiting longer than a few sweep intervals. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const every = this.config.env.BEACON_SCORING_SWEEP_MS;
      // Several intervals: under load a reading may wait a few seconds for its (still queued) job.
      const patients = await this.sets.patientsWaiting(
        this.dataSource.manager,
        every * WAITING_INTERVALS,
        PATIENTS_PER_SWEEP,
      );
      if (patients.length > 0) {
        const round = Math.floor(Date.now() / every);
        await this.queue.addBulk(
          patients.map((patientId) => ({
            name: JobName.AssessPatient,
            data: { patientId, reason: 'sweep', pathways: false },
            opts: { jobId: `${JobName.AssessPatient}-sweep-${patientId}-${round}` },
          })),
        );
        this.logger.warn(
          `queued the assessment again for ${patients.length} patient(s) with readings waiting`,
        );
      }
      this.rounds += 1;
      if (this.rounds % RESCHEDULE_EVERY === 1) await this.timers.schedule();
      return patients.length;
    } catch (error) {
      this.logger.warn(`scoring sweep: ${String(error)}`);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
