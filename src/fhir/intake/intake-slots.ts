import { Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import { AppConfig } from '../../config/app-config';
import { ConnectionWaitExpired } from '../../database/database-errors';
import { BeaconMetrics } from '../../metrics/beacon-metrics';

/** Weight of the newest transaction in the running mean of how long one holds its slot. */
const HOLD_WEIGHT = 1 / 16;

/**
 * How many intake transactions run at once: at most the pool size less BEACON_DATABASE_RESERVED_CONNECTIONS, so a
 * flood of observations never takes the connections a midwife's acknowledgement, a screen's delivery receipt or
 * snapshot, the outbox hand-over or /health need. Validation runs outside (it needs no connection). A transaction
 * waits for a slot no longer than BEACON_INTAKE_MAX_WAIT_MS (below the EPR's own timeout): then it is refused as
 * overloaded before anything runs, rather than stored after the EPR has given up and sent it again.
 *
 * It also says how long a transaction joining the queue now would wait (expectedWaitMs), so that admission can refuse
 * at the door, before validation, work that would only time out in the queue.
 */
@Injectable()
export class IntakeSlots {
  private readonly slots: pLimit.Limit;
  private readonly concurrency: number;
  /** Running mean of how long a transaction holds its slot (ms), 0 until one has finished. */
  private meanHoldMs = 0;
  private readonly maxWaitMs: number;
  private queued = 0;

  constructor(
    config: AppConfig,
    private readonly metrics: BeaconMetrics,
  ) {
    const { BEACON_DATABASE_POOL_SIZE: size, BEACON_DATABASE_RESERVED_CONNECTIONS: reserved } = config.env;
    this.concurrency = Math.max(1, size - reserved);
    this.slots = pLimit(this.concurrency);
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
        const startedAt = performance.now();
        const running = transaction();
        resolve(running);
        // The slot is held until the transaction settles; its outcome is the caller's (through `running`).
        const held = () => this.recordHold(performance.now() - startedAt);
        return running.then(held, held);
      });
    });
  }

  /**
   * About how long a transaction that joined the queue now would wait for a slot: those ahead of it, plus itself,
   * shared among the slots, each taking the recent mean hold. It follows the machine: when the CPU or PostgreSQL is
   * saturated, holds lengthen and so does the estimate. 0 when nothing waits.
   */
  expectedWaitMs(): number {
    return this.queued === 0 ? 0 : ((this.queued + 1) * this.meanHoldMs) / this.concurrency;
  }

  private recordHold(ms: number): void {
    this.meanHoldMs = this.meanHoldMs === 0 ? ms : this.meanHoldMs + (ms - this.meanHoldMs) * HOLD_WEIGHT;
  }

  /** Intake transactions waiting for a slot (not those already given up). */
  get waiting(): number {
    return this.queued;
  }
}
