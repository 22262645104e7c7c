import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { auditHash } from './audit-hash';
import type { AuditEntry } from './audit.types';
import { GENESIS_HASH } from './audit.types';
import type { AuditActor } from './audit.types';
import { AuditEventRepository } from './persistence/audit-event.repository';

/**
 * The chain a transaction's events are linked in: one per EPR client, one for Beacon's own work, one for staff, one
 * for the upstream server. Each chain's order is its commit order (its lock is held until the transaction ends), and
 * sources never wait for each other's commits. A transaction's events all go in the chain of its first event.
 */
export function chainOf(actor: AuditActor): string {
  switch (actor.type) {
    case 'client':
      return `client:${actor.id}`;
    case 'user':
      return 'staff';
    default:
      return actor.type;
  }
}

/**
 * Appends events to their source's hash chain inside the caller's transaction: the events commit (or roll back)
 * with the change they describe. Call it last in a transaction, since it holds the chain's lock until commit.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly events: AuditEventRepository) {}

  async append(manager: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const chain = chainOf((entries[0] as AuditEntry).actor);
    let prevHash = (await this.events.lockChain(manager, chain)) ?? GENESIS_HASH;
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
      return { ...fields, chain, hash };
    });
    await this.events.insert(manager, rows);
  }
}
