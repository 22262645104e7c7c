import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import type { CommitStatement } from '../../database/persistence/commit-statement';
import { jsonbLiteral, textLiteral, timeLiteral } from '../../database/persistence/commit-statement';
import type { JobName, JobPayloads } from '../queue.constants';

/** An outbox row waiting to be handed to the queue. */
export interface PendingOutboxRow {
  readonly id: string;
  readonly topic: JobName;
  readonly payload: JobPayloads[JobName];
  readonly run_at: Date | null;
}

/** The outbox's SQL: writing rows, claiming waiting rows, marking them handed over, forgetting old ones. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Writes rows in the caller's transaction; answers their ids, in order. */
  async insert(manager: EntityManager, rows: readonly Omit<PendingOutboxRow, 'id'>[]): Promise<string[]> {
    if (rows.length === 0) return [];
    // Plain positional SQL: the ORM's insert costs more CPU than the round trip (docs/performance.md).
    const tuples = rows.map((_row, index) => `($${index * 3 + 1}, $${index * 3 + 2}, $${index * 3 + 3})`);
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO outbox (topic, payload, run_at) VALUES ${tuples.join(', ')} RETURNING id::text AS id`,
      rows.flatMap((row) => [row.topic, JSON.stringify(row.payload), row.run_at]),
    );
    return inserted.map((row) => row.id);
  }

  /** The same insert as a statement sent with the caller's COMMIT (CommitStatement): its ids read back, in order. */
  insertAtCommit(rows: readonly Omit<PendingOutboxRow, 'id'>[]): CommitStatement<string[]> {
    const tuples = rows.map(
      (row) => `(${textLiteral(row.topic)}, ${jsonbLiteral(row.payload)}, ${timeLiteral(row.run_at)})`,
    );
    return {
      sql: `INSERT INTO outbox (topic, payload, run_at) VALUES ${tuples.join(', ')} RETURNING id::text AS id`,
      read: (inserted) => inserted.map((row) => String(row.id)),
    };
  }

  /**
   * Up to `limit` waiting rows, oldest first, locked for the caller's transaction; rows another relay holds are
   * skipped, not waited for. `minAgeSeconds`: only rows written at least that long ago (the rest are being handed
   * over by the process that wrote them).
   */
  async claim(manager: EntityManager, limit: number, minAgeSeconds = 0): Promise<PendingOutboxRow[]> {
    return manager.query<PendingOutboxRow[]>(
      `SELECT id, topic, payload, run_at FROM outbox WHERE dispatched_at IS NULL AND created_at <= now() - make_interval(secs => $1) ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
      [minAgeSeconds],
    );
  }

  async markDispatched(manager: EntityManager, ids: readonly string[]): Promise<void> {
    await manager.query(
      `UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::bigint[]) AND dispatched_at IS NULL`,
      [ids],
    );
  }

  /** Marks rows handed to the queue, outside any transaction (one statement). */
  async markHandedOver(ids: readonly string[]): Promise<void> {
    await this.markDispatched(this.dataSource.manager, ids);
  }

  /** Deletes rows handed to the queue more than `seconds` ago. */
  async deleteDispatchedBefore(seconds: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM outbox WHERE dispatched_at < now() - make_interval(secs => $1)`,
      [seconds],
    );
  }
}
