import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CommitStatement } from '../database/persistence/commit-statement';
import { linkParts } from './audit-hash';
import type { AuditEntry } from './audit.types';
import { GENESIS_HASH } from './audit.types';
import type { AuditActor } from './audit.types';
import type { ChainedAuditEvent } from './persistence/audit-event.repository';
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
 * with the change they describe. Call it last in a transaction, since it holds the chain's lock until commit. Node
 * writes each event's canonical text; PostgreSQL links it to the chain's tail under the lock, in the same statement
 * (no round trip to Node while the lock is held before the commit).
 */
@Injectable()
export class AuditLog {
  constructor(private readonly events: AuditEventRepository) {}

  async append(manager: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.events.append(
      manager,
      chainOf((entries[0] as AuditEntry).actor),
      GENESIS_HASH,
      chained(entries),
    );
  }

  /** The same append as a statement sent with the transaction's COMMIT (none when there are no entries). */
  atCommit(entries: readonly AuditEntry[]): CommitStatement<void> | undefined {
    if (entries.length === 0) return undefined;
    return this.events.appendAtCommit(
      chainOf((entries[0] as AuditEntry).actor),
      GENESIS_HASH,
      chained(entries),
    );
  }
}

/** Entries as the chain stores them, each with its canonical text on either side of the previous hash. */
function chained(entries: readonly AuditEntry[]): ChainedAuditEvent[] {
  const recordedAt = new Date();
  return entries.map((entry) => {
    const fields = {
      occurredAt: entry.occurredAt ?? recordedAt,
      recordedAt,
      type: entry.type,
      actorType: entry.actor.type,
      actorId: entry.actor.id,
      patientId: entry.patientId ?? null,
      alertId: entry.alertId ?? null,
      resourceId: entry.resourceId ?? null,
      wardId: entry.wardId ?? null,
      // As the jsonb column gives it back to the verifier (no undefined members, dates as text).
      details: JSON.parse(JSON.stringify(entry.details ?? {})) as object,
    };
    return {
      ...fields,
      occurredAt: fields.occurredAt.toISOString(),
      recordedAt: fields.recordedAt.toISOString(),
      ...linkParts(fields),
    };
  });
}
