import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { auditHash } from './audit-hash';
import type { AuditEntry } from './audit.types';
import { GENESIS_HASH } from './audit.types';
import { AuditEventEntity } from './persistence/audit-event.entity';

/** Serialises writers so the chain order is the commit order (held until the caller's transaction ends). */
const CHAIN_LOCK = 7_242_601;

/**
 * Appends events to the hash-chained audit trail inside the caller's transaction: the events commit (or roll back)
 * with the change they describe. Call it last in a transaction, since it holds the chain lock until commit.
 */
@Injectable()
export class AuditLog {
  async append(manager: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const [last] = await manager.query<{ hash: string }[]>(
      'SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1',
    );
    let prevHash = last?.hash ?? GENESIS_HASH;
    const recordedAt = new Date();
    const rows = entries.map((entry) => {
      const fields = {
        prevHash,
        occurredAt: entry.occurredAt ?? recordedAt,
        recordedAt,
        type: entry.type,
        actorType: entry.actor.type,
        actorId: entry.actor.id,
        patientId: entry.patientId ?? null,
        alertId: entry.alertId ?? null,
        resourceId: entry.resourceId ?? null,
        wardId: entry.wardId ?? null,
        details: JSON.parse(JSON.stringify(entry.details ?? {})) as object,
      };
      const hash = auditHash(fields);
      prevHash = hash;
      return { ...fields, hash };
    });
    await manager.insert(AuditEventEntity, rows);
  }
}
