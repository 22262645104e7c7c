import { Injectable } from '@nestjs/common';
import type { ClientBase } from 'pg';
import type { EntityManager } from 'typeorm';
import type { CommitStatement } from '../../database/persistence/commit-statement';
import { jsonbLiteral, textLiteral } from '../../database/persistence/commit-statement';
import type { LinkParts } from '../audit-hash';
import type { AuditRow } from '../audit.types';
import type { AuditEventEntity } from './audit-event.entity';

/**
 * An event as AuditLog hands it to the chain: its columns (the id, chain and hashes are the database's) and its
 * canonical text on either side of the previous hash, from which PostgreSQL computes its link.
 */
export type ChainedAuditEvent = Omit<
  AuditEventEntity,
  'id' | 'chain' | 'prevHash' | 'hash' | 'occurredAt' | 'recordedAt'
> & { readonly occurredAt: string; readonly recordedAt: string } & LinkParts;

/** Runs one statement and answers its rows: a TypeORM manager's or a plain `pg` client's (npm run audit:verify). */
export type AuditQuery = (sql: string, parameters: unknown[]) => Promise<AuditRow[]>;

/**
 * The id leaves as text (a bigint may exceed a JS number), so every ORDER BY must name the column
 * (audit_event.id): ordering by the text alias sorts 1, 10, 100, 2, … and breaks the chain and paging.
 */
const COLUMNS = `id::text AS id, occurred_at AS "occurredAt", recorded_at AS "recordedAt", type, actor_type AS "actorType",
  actor_id AS "actorId", patient_id AS "patientId", alert_id AS "alertId", resource_id AS "resourceId",
  ward_id AS "wardId", details, prev_hash AS "prevHash", hash`;

/** Every chain's events after an id, in id order, with their chain: one batch of `npm run audit:verify`. */
export async function chainBatch(
  query: AuditQuery,
  after: string,
  batch: number,
): Promise<(AuditRow & { readonly chain: string })[]> {
  return (await query(
    `SELECT ${COLUMNS}, chain FROM audit_event WHERE id > $1 ORDER BY audit_event.id LIMIT $2`,
    [after, batch],
  )) as (AuditRow & { readonly chain: string })[];
}

/**
 * The audit trail's SQL: appending to a chain, reading events in id order, and whether a staff
 * command was already carried out (its command id in an event). Every method runs
 * on the manager it is given (the caller's transaction).
 */
@Injectable()
export class AuditEventRepository {
  /**
   * Appends events to a chain in one statement (beacon_append_audit, migration 1796700000000): takes the chain's
   * lock, held until the caller's transaction ends, reads its newest hash as the lock's previous holder committed it
   * (`genesis` when the chain is empty), and links and inserts each event in order.
   */
  async append(
    manager: EntityManager,
    chain: string,
    genesis: string,
    events: readonly ChainedAuditEvent[],
  ): Promise<void> {
    await manager.query('SELECT beacon_append_audit($1, $2, $3::jsonb)', [
      chain,
      genesis,
      JSON.stringify(events),
    ]);
  }

  /** The same append as a statement sent with the caller's COMMIT (CommitStatement). */
  appendAtCommit(
    chain: string,
    genesis: string,
    events: readonly ChainedAuditEvent[],
  ): CommitStatement<void> {
    return {
      sql: `SELECT beacon_append_audit(${textLiteral(chain)}, ${textLiteral(genesis)}, ${jsonbLiteral(events)})`,
      read: () => undefined,
    };
  }

  /** Whether a command with this id was already carried out on the alert (a retried command is a no-op). */
  async commandSeen(manager: EntityManager, alertId: string, commandId: string): Promise<boolean> {
    const [seen] = await manager.query<unknown[]>(
      `SELECT 1 FROM audit_event WHERE alert_id = $1 AND details->>'commandId' = $2 LIMIT 1`,
      [alertId, commandId],
    );
    return Boolean(seen);
  }

  /** The alert a concern raised with this command id went to, if it was already raised. */
  async concernRaisedBy(
    manager: EntityManager,
    patientId: string,
    commandId: string,
  ): Promise<string | undefined> {
    const [seen] = await manager.query<{ alert_id: string }[]>(
      `SELECT alert_id FROM audit_event WHERE patient_id = $1 AND type = 'concern.raised' AND details->>'commandId' = $2 LIMIT 1`,
      [patientId, commandId],
    );
    return seen?.alert_id;
  }

  /** Events matching `where` (SQL over audit_event's columns, with `parameters`), oldest first. */
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
    manager: EntityManager,
    filter: { after: string; from?: string; to?: string; ward?: string },
    limit = 1000,
  ): Promise<AuditRow[]> {
    const conditions = ['id > $1'];
    const parameters: unknown[] = [filter.after];
    if (filter.from) conditions.push(`occurred_at >= $${parameters.push(filter.from)}`);
    if (filter.to) conditions.push(`occurred_at < $${parameters.push(filter.to)}`);
    if (filter.ward) conditions.push(`ward_id = $${parameters.push(filter.ward)}`);
    return this.rows(manager, conditions.join(' AND '), parameters, limit);
  }

  /** For each event id, the hash of the event before it in its chain (null for a chain's first). */
  async previousInChain(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<{ id: string; prev: string | null }[]> {
    return manager.query<{ id: string; prev: string | null }[]>(
      `SELECT e.id::text AS id,
         (SELECT p.hash FROM audit_event p WHERE p.chain = e.chain AND p.id < e.id ORDER BY p.id DESC LIMIT 1) AS prev
       FROM audit_event e WHERE e.id = ANY($1::bigint[])`,
      [ids],
    );
  }
}

/** The same statements on a plain `pg` client (npm run audit:verify runs without Nest or TypeORM). */
export function auditQueryOn(client: Pick<ClientBase, 'query'>): AuditQuery {
  return async (sql, parameters) => (await client.query<AuditRow>(sql, parameters)).rows;
}
