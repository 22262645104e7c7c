import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { auditHash } from './audit-hash';
import { AuditLog } from './audit-log';
import type { AuditActor } from './audit.types';
import { GENESIS_HASH } from './audit.types';

export interface AuditRow {
  readonly id: string;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly type: string;
  readonly actorType: string;
  readonly actorId: string;
  readonly patientId: string | null;
  readonly alertId: string | null;
  readonly resourceId: string | null;
  readonly wardId: string | null;
  readonly details: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * The id leaves as text (a bigint may exceed a JS number), so every ORDER BY must name the column
 * (audit_event.id): ordering by the text alias sorts 1, 10, 100, 2, … and breaks the chain and paging.
 */
const COLUMNS = `id::text AS id, occurred_at AS "occurredAt", recorded_at AS "recordedAt", type, actor_type AS "actorType",
  actor_id AS "actorId", patient_id AS "patientId", alert_id AS "alertId", resource_id AS "resourceId",
  ward_id AS "wardId", details, prev_hash AS "prevHash", hash`;

/** Whether a row's hash matches its content and previous hash (it has not been altered). */
export function rowIntact(row: AuditRow): boolean {
  return (
    auditHash({
      prevHash: row.prevHash,
      occurredAt: new Date(row.occurredAt),
      recordedAt: new Date(row.recordedAt),
      type: row.type,
      actorType: row.actorType,
      actorId: row.actorId,
      patientId: row.patientId,
      alertId: row.alertId,
      resourceId: row.resourceId,
      wardId: row.wardId,
      details: row.details,
    }) === row.hash
  );
}

/**
 * Recomputes every chain (one per source, audit-log.ts), oldest event first, and reports the first broken link: a row
 * whose hash does not match its content, or whose previous hash is not the hash of the row before it in its chain (a
 * row changed, deleted or reordered).
 */
export async function verifyChain(
  query: (sql: string, parameters: unknown[]) => Promise<AuditRow[]>,
  batch = 5000,
): Promise<{ checked: number; brokenAt?: { id: string; reason: string } }> {
  const previousIn = new Map<string, string>();
  let after = '0';
  let checked = 0;
  for (;;) {
    const rows = (await query(
      `SELECT ${COLUMNS}, chain FROM audit_event WHERE id > $1 ORDER BY audit_event.id LIMIT $2`,
      [after, batch],
    )) as (AuditRow & { readonly chain: string })[];
    for (const row of rows) {
      if (row.prevHash !== (previousIn.get(row.chain) ?? GENESIS_HASH))
        return {
          checked,
          brokenAt: {
            id: row.id,
            reason:
              'its previous hash does not match the row before it (a row was deleted, inserted or reordered)',
          },
        };
      if (!rowIntact(row))
        return {
          checked,
          brokenAt: { id: row.id, reason: 'its content does not match its hash (the row was altered)' },
        };
      previousIn.set(row.chain, row.hash);
      checked += 1;
      after = row.id;
    }
    if (rows.length < batch) return { checked };
  }
}

/** Reading the audit trail; every read by a person is itself audited. */
@Injectable()
export class AuditReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
  ) {}

  async recordAccess(actor: AuditActor, what: Record<string, unknown>): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.auditLog.append(manager, [{ type: 'audit.accessed', actor, details: what }]),
    );
  }

  async rows(
    manager: EntityManager,
    where: string,
    parameters: unknown[],
    limit = 1000,
  ): Promise<AuditRow[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM audit_event WHERE ${where} ORDER BY audit_event.id LIMIT ${limit}`,
      parameters,
    );
  }

  /** Events after an id (the paging cursor), optionally in a time range and of one ward, in chain order. */
  async events(
    filter: { after: string; from?: string; to?: string; ward?: string },
    limit = 1000,
  ): Promise<AuditRow[]> {
    const conditions = ['id > $1'];
    const parameters: unknown[] = [filter.after];
    if (filter.from) conditions.push(`occurred_at >= $${parameters.push(filter.from)}`);
    if (filter.to) conditions.push(`occurred_at < $${parameters.push(filter.to)}`);
    if (filter.ward) conditions.push(`ward_id = $${parameters.push(filter.ward)}`);
    return this.rows(this.dataSource.manager, conditions.join(' AND '), parameters, limit);
  }

  /** For each row: intact, and linked to the row before it in its chain. */
  async linkStatus(manager: EntityManager, rows: readonly AuditRow[]): Promise<Map<string, boolean>> {
    if (rows.length === 0) return new Map();
    const previous = await manager.query<{ id: string; prev: string | null }[]>(
      `SELECT e.id::text AS id,
         (SELECT p.hash FROM audit_event p WHERE p.chain = e.chain AND p.id < e.id ORDER BY p.id DESC LIMIT 1) AS prev
       FROM audit_event e WHERE e.id = ANY($1::bigint[])`,
      [rows.map((row) => row.id)],
    );
    const before = new Map(previous.map((row) => [row.id, row.prev ?? GENESIS_HASH]));
    return new Map(rows.map((row) => [row.id, rowIntact(row) && before.get(row.id) === row.prevHash]));
  }
}
