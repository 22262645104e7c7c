import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { PendingOutboxRow } from './persistence/outbox.repository';
import { OutboxRepository } from './persistence/outbox.repository';
import type { JobName } from './queue.constants';
import { QUEUE_OF_JOB } from './queue.constants';

const BATCH = 200;
const ENQUEUE_TIMEOUT_MS = 5000;
const KEEP_DISPATCHED_MS = 24 * 3600 * 1000;
const HOUSEKEEPING_MS = 3600 * 1000;
/**
 * The timer leaves rows this young to the process that wrote them, which hands them over right after its commit;
 * a kick (that hand-over failed, or Redis is back) takes every waiting row.
 */
const HAND_OVER_GRACE_SECONDS = 5;
/**
 * Hand-overs marked together: under load each commit's rows were marked by an UPDATE (and a WAL flush) of its own,
 * 1.4 rows each (docs/performance.md, seventh session). A row marked late is at worst handed over again by the
 * timer, which its job id makes a no-op.
 */
const MARK_GATHER_MS = 50;

/**
 * BullMQ runs jobs without a priority before any prioritised job: a backlog (sets older than the live window) waits
 * behind live work, in the order it came.
 */
const BACKLOG_PRIORITY = 10;

export function jobIdFor(job: string, outboxId: string): string {
  return `${job}-${outboxId}`;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Moves outbox rows into BullMQ. Each row becomes one job whose id is derived from the row id, so enqueueing twice
 * (a crash between enqueue and marking the row, or a hand-over and the timer at once) adds nothing. The process
 * that committed rows hands them over itself right after the commit (`handOver`: the queue, then one UPDATE); the
 * timer and `kick` claim whatever is left (a failed hand-over, a crash, a Redis outage) with FOR UPDATE SKIP LOCKED,
 * so several processes may relay at once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private housekeeping?: NodeJS.Timeout;
  private draining?: Promise<number>;
  /** A kick asked for while draining: the youngest row age it wants (the timer's grace, or 0). */
  private again?: number;
  private redisWasDown = false;
  private waiting: PendingOutboxRow[] = [];
  private handing?: Promise<void>;
  private handed: string[] = [];
  private marking?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    for (const job of Object.keys(QUEUE_OF_JOB) as JobName[]) {
      const queue = this.queue(job);
      if (queue.listenerCount('error') === 0) queue.on('error', () => undefined); // outages are reported by the relay
    }
    this.timer = setInterval(() => this.kick(HAND_OVER_GRACE_SECONDS), this.config.env.BEACON_OUTBOX_POLL_MS);
    this.timer.unref();
    this.housekeeping = setInterval(() => void this.forgetDispatched(), HOUSEKEEPING_MS);
    this.housekeeping.unref();
    this.kick();
  }

  /** Rows already handed to the queue are kept a day for diagnosis, then deleted. */
  private async forgetDispatched(): Promise<void> {
    await this.outbox
      .deleteDispatchedBefore(KEEP_DISPATCHED_MS / 1000)
      .catch((error: unknown) => this.logger.warn(`outbox housekeeping failed: ${String(error)}`));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.housekeeping);
    await this.handing;
    await this.marking;
    await this.draining?.catch(() => undefined);
  }

  /**
   * Hands rows this process just committed to the queue, without a transaction of its own; if that fails they stay
   * in PostgreSQL and a kick (then the timer) relays them. Rows committed while a hand-over is under way go together
   * in the next one (under load, one queue call and one UPDATE for many commits). Never throws.
   */
  handOver(rows: readonly PendingOutboxRow[]): void {
    this.waiting.push(...rows);
    this.handing ??= this.handOverWaiting().finally(() => {
      this.handing = undefined;
    });
  }

  private async handOverWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const rows = this.waiting.splice(0, BATCH);
      try {
        await this.enqueue(rows);
        this.markHandedOver(rows.map((row) => row.id));
      } catch {
        this.kick();
      }
    }
  }

  /**
   * Marks rows handed over, in the background and gathered for MARK_GATHER_MS: the next hand-over never waits for a
   * database connection. Should the UPDATE fail, the timer hands the rows over again (their job ids make that a
   * no-op).
   */
  private markHandedOver(ids: readonly string[]): void {
    this.handed.push(...ids);
    this.marking ??= (async () => {
      await new Promise((resolve) => setTimeout(resolve, MARK_GATHER_MS));
      while (this.handed.length > 0)
        await this.outbox.markHandedOver(this.handed.splice(0, 1000)).catch(() => undefined);
    })().finally(() => {
      this.marking = undefined;
    });
  }

  /** Drains soon (rows at least `minAgeSeconds` old); never throws (a failure leaves the rows for the next attempt). */
  kick(minAgeSeconds = 0): void {
    if (this.draining) {
      this.again = Math.min(this.again ?? minAgeSeconds, minAgeSeconds);
      return;
    }
    this.draining = this.drainAll(minAgeSeconds)
      .catch((error: unknown) => {
        if (!this.redisWasDown)
          this.logger.warn(`outbox relay paused: ${String(error)}; rows stay queued in PostgreSQL`);
        this.redisWasDown = true;
        return 0;
      })
      .finally(() => {
        this.draining = undefined;
        if (this.again !== undefined) {
          const minAge = this.again;
          this.again = undefined;
          this.kick(minAge);
        }
      });
  }

  /** Relays until the outbox is empty; returns how many rows were relayed. */
  async drainAll(minAgeSeconds = 0): Promise<number> {
    let total = 0;
    for (;;) {
      const relayed = await this.drainBatch(minAgeSeconds);
      total += relayed;
      if (relayed < BATCH) break;
    }
    if (total > 0 && this.redisWasDown) {
      this.logger.log(`outbox relay resumed: ${total} queued item(s) handed to the queue`);
      this.redisWasDown = false;
    }
    return total;
  }

  private queue(job: JobName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(QUEUE_OF_JOB[job]), { strict: false });
  }

  private async drainBatch(minAgeSeconds: number): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.outbox.claim(manager, BATCH, minAgeSeconds);
      if (rows.length === 0) return 0;
      await this.enqueue(rows);
      await this.outbox.markDispatched(
        manager,
        rows.map((row) => row.id),
      );
      return rows.length;
    });
  }

  /** Adds each row's job to its queue (a row's job id is derived from its id: adding it twice adds nothing). */
  private async enqueue(rows: readonly PendingOutboxRow[]): Promise<void> {
    const byQueue = new Map<
      Queue,
      { name: string; data: object; opts: { jobId: string; delay?: number; priority?: number } }[]
    >();
    const now = Date.now();
    for (const row of rows) {
      const queue = this.queue(row.topic);
      const jobs = byQueue.get(queue) ?? [];
      const delay = row.run_at ? Math.max(0, new Date(row.run_at).getTime() - now) : 0;
      jobs.push({
        name: row.topic,
        data: row.payload,
        opts: {
          jobId: jobIdFor(row.topic, row.id),
          ...(delay > 0 ? { delay } : {}),
          ...('backlog' in row.payload && row.payload.backlog ? { priority: BACKLOG_PRIORITY } : {}),
        },
      });
      byQueue.set(queue, jobs);
    }
    for (const [queue, jobs] of byQueue)
      await withTimeout(queue.addBulk(jobs), ENQUEUE_TIMEOUT_MS, 'enqueue');
  }
}
