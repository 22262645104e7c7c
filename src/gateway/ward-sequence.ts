import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';

/**
 * Each ward's event sequence number, shared by every process through Redis: every event sent to a ward's screens
 * takes the next number, so a screen that sees a number other than the one it expects knows it missed something.
 */
@Injectable()
export class WardSequence {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.env.BEACON_QUEUE_PREFIX}:ward-seq:`;
  }

  next(ward: string): Promise<number> {
    return this.redis.incr(this.prefix + ward);
  }

  /** The latest number of each ward (0 for a ward that has had no event yet). */
  async current(wards: readonly string[]): Promise<Map<string, number>> {
    if (wards.length === 0) return new Map();
    const values = await this.redis.mget(wards.map((ward) => this.prefix + ward));
    return new Map(wards.map((ward, index) => [ward, Number(values[index] ?? 0)]));
  }
}
