import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import { AppConfig } from '../../config/app-config';

/**
 * How many intake transactions run at once: at most the pool size less BEACON_DATABASE_RESERVED_CONNECTIONS, so a
 * flood of observations never takes the connections a midwife's acknowledgement, a screen's delivery receipt or
 * snapshot, the outbox hand-over or /health need. Validation runs outside (it needs no connection).
 */
@Injectable()
export class IntakeSlots {
  private readonly slots: pLimit.Limit;

  constructor(config: AppConfig) {
    const { BEACON_DATABASE_POOL_SIZE: size, BEACON_DATABASE_RESERVED_CONNECTIONS: reserved } = config.env;
    this.slots = pLimit(Math.max(1, size - reserved));
  }

  /** Runs one intake transaction, waiting for a slot if every one is in use. */
  run<T>(transaction: () => Promise<T>): Promise<T> {
    return this.slots(transaction);
  }

  /** Intake transactions waiting for a slot. */
  get waiting(): number {
    return this.slots.pendingCount;
  }
}
