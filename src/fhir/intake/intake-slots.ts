import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import { AppConfig } from '../../config/app-config';
import { ConnectionWaitExpired } from '../../database/database-errors';
import { BeaconMetrics } from '../../metrics/beacon-metrics';

/**
 * How many intake transactions run at once: at most the pool size less BEACON_DATABASE_RESERVED_CONNECTIONS, so a
 * flood of observations never takes the connections a midwife's acknowledgement, a screen's delivery receipt or
 * snapshot, the outbox hand-over or /health need. Validation runs outside (it needs no connection). A transaction
 * waits for a slot no longer than BEACON_INTAKE_MAX_WAIT_MS (below the EPR's own timeout): then it is refused as
 * overloaded before anything runs, rather than stored after the EPR has given up and sent it again.
 */
@Injectable()
export class IntakeSlots {
  private readonly slots: pLimit.Limit;
  private readonly maxWaitMs: number;
  private queued = 0;

  constructor(
    config: AppConfig,
    private readonly metrics: BeaconMetrics,
  ) {
    const { BEACON_DATABASE_POOL_SIZE: size, BEACON_DATABASE_RESERVED_CONNECTIONS: reserved } = config.env;
    this.slots = pLimit(Math.max(1, size - reserved));
    this.maxWaitMs = config.env.BEACON_INTAKE_MAX_WAIT_MS;
  }

  /** Runs one intake transaction, waiting for a slot if every one is in use (rejects with ConnectionWaitExpired). */
  run<T>(transaction: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let state: 'waiting' | 'started' | 'expired' = 'waiting';
      this.queued += 1;
      const timer = setTimeout(() => {
        if (state !== 'waiting') return;
        state = 'expired';
        this.queued -= 1;
        this.metrics.intakeOverloaded.inc({ reason: 'database-pool' });
        reject(new ConnectionWaitExpired(this.maxWaitMs));
      }, this.maxWaitMs);
      timer.unref();
      void this.slots(() => {
        // Given up while it waited: its turn passes at once, and nothing runs.
        if (state === 'expired') return Promise.resolve();
        state = 'started';
        this.queued -= 1;
        clearTimeout(timer);
        const running = transaction();
        resolve(running);
        // The slot is held until the transaction settles; its outcome is the caller's (through `running`).
        return running.then(
          () => undefined,
          () => undefined,
        );
      });
    });
  }

  /** Intake transactions waiting for a slot (not those already given up). */
  get waiting(): number {
    return this.queued;
  }
}
