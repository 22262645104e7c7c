import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';

/** Remembers which screen confirmed which alert step, so the audit trail counts each screen once per step. */
@Injectable()
export class DeliveryReceipts {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.env.BEACON_QUEUE_PREFIX}:delivered:`;
  }

  /** True the first time this screen reports this alert at this step (and when Redis cannot tell: better twice). */
  async firstTime(alertId: string, step: number, screen: string): Promise<boolean> {
    try {
      const set = await this.redis.set(`${this.prefix}${alertId}:${step}:${screen}`, '1', 'EX', 86_400, 'NX');
      return set === 'OK';
    } catch {
      return true;
    }
  }

  async forget(alertId: string, step: number, screen: string): Promise<void> {
    await this.redis.del(`${this.prefix}${alertId}:${step}:${screen}`).catch(() => undefined);
  }
}
