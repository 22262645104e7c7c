import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import type { Job } from 'bullmq';
import { UnrecoverableError, Worker } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { JobFailureSink } from './job-failure-sink';
import { redisRetryStrategy } from '../redis/redis-connection';
import type { JobHandler } from './handles-jobs.decorator';
import { HANDLES_JOBS, unhandledJobs } from './handles-jobs.decorator';
import type { JobName, QueueName } from './queue.constants';
import { JOB_NAMES, QUEUE_OF_JOB } from './queue.constants';

/**
 * Runs the BullMQ workers of this process: one Worker per queue, routing each job by name to the provider that
 * declared it with @HandlesJobs(). Refuses to start if a job name has no handler (it would wait forever) or two.
 * Lock and stalled-check timings come from configuration so a job left by a killed worker is picked up in seconds
 * (BEACON_JOB_LOCK_MS + BEACON_JOB_STALLED_CHECK_MS) instead of BullMQ's 30 s default.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    @Optional() @Inject(JobFailureSink) private readonly failures?: JobFailureSink,
  ) {}

  private handlers(): Map<JobName, JobHandler> {
    const handlers = new Map<JobName, JobHandler>();
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const jobs = this.reflector.get<JobName[] | undefined>(HANDLES_JOBS, wrapper.metatype as never) ?? [];
      for (const job of jobs) {
        if (handlers.has(job)) throw new Error(`job ${job} has two handlers`);
        handlers.set(job, wrapper.instance as JobHandler);
      }
    }
    return handlers;
  }

  onApplicationBootstrap(): void {
    const handlers = this.handlers();
    const missing = unhandledJobs(JOB_NAMES, [...handlers.keys()]);
    if (missing.length > 0) throw new Error(`No processor handles job(s): ${missing.join(', ')}`);

    const queues = new Map<QueueName, Map<string, JobHandler>>();
    for (const [job, handler] of handlers) {
      const queue = QUEUE_OF_JOB[job];
      queues.set(queue, (queues.get(queue) ?? new Map<string, JobHandler>()).set(job, handler));
    }
    const { env } = this.config;
    for (const [queue, routes] of queues) {
      const worker = new Worker(
        queue,
        async (job: Job, token?: string) => {
          const handler = routes.get(job.name);
          if (!handler) throw new UnrecoverableError(`queue ${queue} has no handler for ${job.name}`);
          return handler.process(job, token);
        },
        {
          connection: {
            url: env.BEACON_REDIS_URL,
            maxRetriesPerRequest: null,
            retryStrategy: redisRetryStrategy,
          },
          prefix: env.BEACON_QUEUE_PREFIX,
          concurrency: env.BEACON_WORKER_CONCURRENCY,
          lockDuration: env.BEACON_JOB_LOCK_MS,
          stalledInterval: env.BEACON_JOB_STALLED_CHECK_MS,
          maxStalledCount: 3,
        },
      );
      worker.on('error', (error) => this.logger.warn(`worker ${queue}: ${error.message}`));
      worker.on('failed', (job, error) => {
        const final =
          !job || error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
        if (!final) return;
        this.logger.error(`job ${job?.name ?? '?'} ${job?.id ?? ''} failed for good: ${error.message}`);
        if (job && this.failures)
          this.failures
            .jobFailed(job, error)
            .catch((sinkError: Error) =>
              this.logger.error(`could not record the failure of job ${job.id ?? '?'}: ${sinkError.message}`),
            );
      });
      this.workers.push(worker);
    }
  }

  /**
   * Drains: no new job is taken and running jobs may finish. A worker whose blocking connection hangs after a Redis
   * outage (bullmq#2565) would never finish closing, so after a bounded wait it is closed by force: a job still
   * running then stalls and another worker picks it up (it is never lost).
   */
  async beforeApplicationShutdown(): Promise<void> {
    const patience = Math.max(1000, this.config.env.BEACON_SHUTDOWN_GRACE_MS - 2000);
    await Promise.all(
      this.workers.map(async (worker) => {
        let timer: NodeJS.Timeout | undefined;
        const gentle = worker.close().then(() => true);
        const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), patience)));
        const closed = await Promise.race([gentle, late]);
        clearTimeout(timer);
        if (!closed) {
          this.logger.warn(`worker ${worker.name} did not drain within ${patience} ms: closing it by force`);
          await worker.close(true);
        }
      }),
    );
  }
}
