import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { auditHash } from './audit-hash';
import { AuditLog } from './audit-log';
import type { AuditActor, AuditRow } from './audit.types';
import { GENESIS_HASH } from './audit.types';
import type { AuditQuery } from './persistence/audit-event.repository';
import { AuditEventRepository, chainBatch } from './persistence/audit-event.repository';

export type { AuditRow };

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
  query: AuditQuery,
  batch = 5000,
): Promise<{ checked: number; brokenAt?: { id: string; reason: string } }> {
  const previousIn = new Map<string, string>();
  let after = '0';
  let checked = 0;
  for (;;) {
    const rows = await chainBatch(query, after, batch);
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
    private readonly repository: AuditEventRepository,
  ) {}

  async recordAccess(actor: AuditActor, what: Record<string, unknown>): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.auditLog.append(manager, [{ type: 'audit.accessed', actor, details: what }]),
    );
  }

  /** Events after an id (the paging cursor), optionally in a time range and of one ward, in chain order. */
  async events(
    filter: { after: string; from?: string; to?: string; ward?: string },
    limit = 1000,
  ): Promise<AuditRow[]> {
    return this.repository.events(this.dataSource.manager, filter, limit);
  }

  /** For each row: intact, and linked to the row before it in its chain. */
  async linkStatus(manager: EntityManager, rows: readonly AuditRow[]): Promise<Map<string, boolean>> {
    if (rows.length === 0) return new Map();
    const previous = await this.repository.previousInChain(
      manager,
      rows.map((row) => row.id),
    );
    const before = new Map(previous.map((row) => [row.id, row.prev ?? GENESIS_HASH]));
    return new Map(rows.map((row) => [row.id, rowIntact(row) && before.get(row.id) === row.prevHash]));
  }
}
