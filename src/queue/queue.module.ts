import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import { AppConfig } from '../config/app-config';
import { redisRetryStrategy } from '../redis/redis-connection';
import { QueueWorkers } from './queue-workers';
import { OutboxWriter } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './persistence/outbox.repository';
import { QUEUE_NAMES } from './queue.constants';

/** BullMQ connection, queues and the outbox; in a worker process also the workers (queue-workers.ts). */
@Module({})
export class QueueModule {
  static register(options: { worker: boolean }): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            prefix: config.env.BEACON_QUEUE_PREFIX,
            connection: {
              url: config.env.BEACON_REDIS_URL,
              maxRetriesPerRequest: null,
              retryStrategy: redisRetryStrategy,
            },
            defaultJobOptions: {
              attempts: 8,
              backoff: { type: 'exponential', delay: 500 },
              removeOnComplete: { age: 24 * 3600, count: 10000 },
              removeOnFail: false,
            },
          }),
        }),
        ...QUEUE_NAMES.map((name) => BullModule.registerQueue({ name })),
        ...(options.worker ? [DiscoveryModule] : []),
      ],
      providers: [OutboxWriter, OutboxRepository, OutboxRelay, ...(options.worker ? [QueueWorkers] : [])],
      exports: [BullModule, OutboxWriter, OutboxRelay],
    };
  }
}
