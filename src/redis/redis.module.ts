import type { OnApplicationShutdown } from '@nestjs/common';
import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { closeRedis, redisOptionsFromUrl, redisRetryStrategy } from './redis-connection';

export const REDIS = Symbol('REDIS');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}

/**
 * One general-purpose Redis connection (health checks, rate limits). Commands fail fast while Redis is down
 * instead of queueing, so a caller can tell the difference.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const redis = new Redis({
          ...redisOptionsFromUrl(config.env.BEACON_REDIS_URL),
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          retryStrategy: redisRetryStrategy,
          connectionName: `beacon-${config.role}`,
        });
        redis.on('error', () => undefined); // reconnects by itself; health and callers report the outage
        return redis;
      },
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
