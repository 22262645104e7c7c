import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { AuditEntry } from '../audit/audit.types';
import type { OutboxMessage } from '../queue/outbox';
import { commitWith } from './persistence/commit-statement';
import { OutboxWriter, coalesceAssessments } from '../queue/outbox';
import { OutboxRelay } from '../queue/outbox-relay';
import type { PendingOutboxRow } from '../queue/persistence/outbox.repository';

/**
 * What a feature does once a transaction has committed, with everything the transaction handed it (the alerts it
 * changed, the scores it stored). A hook's failure never undoes the commit: it is logged, and the next hook runs.
 */
export interface AfterCommit<T> {
  afterCommit(items: readonly T[]): Promise<void>;
}

/**
 * What one transaction collects: outbox messages and audit entries, written at its end (the audit entries last: they
 * take the audit chain's lock, held until commit), and the items each after-commit hook is handed.
 */
export class UnitOfWork {
  readonly messages: OutboxMessage[] = [];
  readonly audit: AuditEntry[] = [];
  /** The outbox rows written at the end, handed to the queue after the commit. */
  readonly written: PendingOutboxRow[] = [];
  private readonly hooks = new Map<AfterCommit<never>, { items: unknown[]; run: () => Promise<void> }>();

  /** Hands `items` to `hook`, which runs once after the commit; hooks run in the order they were first handed items. */
  after<T>(hook: AfterCommit<T>, ...items: T[]): void {
    if (items.length === 0) return;
    let entry = this.hooks.get(hook);
    if (!entry) {
      const all: T[] = [];
      entry = { items: all, run: () => hook.afterCommit(all) };
      this.hooks.set(hook, entry);
    }
    entry.items.push(...items);
  }

  /** What was handed to `hook` so far. */
  handedTo<T>(hook: AfterCommit<T>): readonly T[] {
    return (this.hooks.get(hook)?.items ?? []) as T[];
  }

  /** The hooks to run after the commit, in order. */
  afterCommitHooks(): (() => Promise<void>)[] {
    return [...this.hooks.values()].map((entry) => entry.run);
  }
}

/**
 * Runs every feature's transactions: the work, then its outbox messages (one assessment per patient) and audit
 * entries sent with its COMMIT, then, after the commit, the new outbox rows handed to the queue and the after-commit
 * hooks.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger('UnitOfWork');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly auditLog: AuditLog,
    private readonly relay: OutboxRelay,
  ) {}

  /** Runs `work` in one transaction with `unit` (a new UnitOfWork unless a feature brings its own kind). */
  async run<T, U extends UnitOfWork = UnitOfWork>(
    work: (manager: EntityManager, unit: U) => Promise<T>,
    unit: U = new UnitOfWork() as U,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    let value: T;
    try {
      await runner.startTransaction();
      try {
        value = await work(runner.manager, unit);
        await this.commit(runner, unit);
      } catch (error) {
        // After a failed COMMIT there is no transaction left: PostgreSQL only warns.
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
    await this.committed(unit);
    return value;
  }

  /**
   * The end of the transaction in one round trip: its outbox rows (one assessment per patient), its audit entries
   * (they take the audit chain's lock, so they go last) and COMMIT, as one message of statements (CommitStatement).
   */
  private async commit(runner: QueryRunner, unit: UnitOfWork): Promise<void> {
    const outbox = this.outbox.atCommit(coalesceAssessments(unit.messages));
    const audit = this.auditLog.atCommit(unit.audit);
    const [outboxRows] = await commitWith(runner, [outbox?.sql, audit?.sql]);
    if (outbox) unit.written.push(...outbox.read(outboxRows ?? []));
  }

  /** After the commit: the new outbox rows are handed to the queue at once, then each hook runs. */
  async committed(unit: UnitOfWork): Promise<void> {
    if (unit.written.length > 0) this.relay.handOver(unit.written);
    for (const run of unit.afterCommitHooks()) {
      try {
        await run();
      } catch (error) {
        this.logger.warn(`after commit: ${String(error)}`);
      }
    }
  }
}
