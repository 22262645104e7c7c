import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { BeaconMetrics } from '../metrics/beacon-metrics';
import { QueueName } from '../queue/queue.constants';

const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

/** Queue depth, the oldest waiting job's age and the database pool, read when Prometheus scrapes. */
@Injectable()
export class PipelineGauges implements OnModuleInit {
  constructor(
    private readonly metrics: BeaconMetrics,
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Clinical) private readonly clinical: Queue,
    @InjectQueue(QueueName.Timers) private readonly timers: Queue,
    @InjectQueue(QueueName.Upstream) private readonly upstream: Queue,
  ) {}

  onModuleInit(): void {
    const queues = [this.clinical, this.timers, this.upstream];
    this.metrics.gauge('beacon_queue_jobs', 'Jobs in each queue, by state.', ['queue', 'state'], async () => {
      const samples = [];
      for (const queue of queues) {
        const counts = await queue.getJobCounts(...STATES);
        for (const state of STATES)
          samples.push({ labels: { queue: queue.name, state }, value: counts[state] ?? 0 });
      }
      return samples;
    });
    this.metrics.gauge(
      'beacon_queue_oldest_waiting_seconds',
      'Age of the oldest job waiting in each queue.',
      ['queue'],
      async () => {
        const samples = [];
        for (const queue of queues) {
          const [oldest] = await queue.getJobs(['waiting', 'prioritized'], 0, 0, true);
          samples.push({
            labels: { queue: queue.name },
            value: oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0,
          });
        }
        return samples;
      },
    );
    this.metrics.gauge(
      'beacon_database_pool_connections',
      "This process's PostgreSQL pool: connections in use and idle, and requests waiting for one.",
      ['state'],
      () => {
        const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
        return Promise.resolve(
          pool
            ? [
                { labels: { state: 'total' }, value: pool.totalCount },
                { labels: { state: 'idle' }, value: pool.idleCount },
                { labels: { state: 'waiting' }, value: pool.waitingCount },
              ]
            : [],
        );
      },
    );
  }
}
