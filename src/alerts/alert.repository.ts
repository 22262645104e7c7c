import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { entityColumns, updateEntity } from '../database/persistence/entity-sql';
import type { AlertKind } from './domain/alert';
import { OPEN_STATES } from './domain/alert';
import { AlertEntity } from './persistence/alert.entity';

/** Which rows a read locks: `write` takes the row lock a life-cycle change needs (the caller's transaction). */
export type Lock = 'none' | 'write';

const forUpdate = (lock: Lock) => (lock === 'write' ? ' FOR UPDATE' : '');

/**
 * The alert life cycle's SQL: alert rows (her ward is PatientStore's, her sets ObservationSetRepository's, a command
 * already carried out AuditEventRepository's). Every method runs on the manager it is given (the caller's
 * transaction) unless it says otherwise.
 */
@Injectable()
export class AlertRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The manager outside any transaction (for reads after a commit). */
  get reader(): EntityManager {
    return this.dataSource.manager;
  }

  async byId(manager: EntityManager, alertId: string, lock: Lock = 'none'): Promise<AlertEntity | null> {
    const [found] = await this.select(manager, `a.id = $1${forUpdate(lock)}`, [alertId]);
    return found ?? null;
  }

  async byIds(manager: EntityManager, ids: readonly string[]): Promise<AlertEntity[]> {
    return ids.length === 0 ? [] : this.select(manager, 'a.id = ANY($1::uuid[])', [ids]);
  }

  /**
   * Locks and reads a patient's open alerts in ascending id order, the one order every transaction locks alert rows
   * in (docs/architecture.md, "Lock order"): two transactions that both lock several of her alerts then never wait
   * for each other in a cycle. A second call in the same transaction names `kinds` that no other transaction locks
   * several of (deterioration, concern): a row another transaction committed meanwhile is then never one that a
   * prompt evaluation could hold while it waits for a row this transaction locked first.
   */
  async openOfPatient(
    manager: EntityManager,
    patientId: string,
    kinds?: readonly AlertKind[],
  ): Promise<AlertEntity[]> {
    return this.select(
      manager,
      `a.patient_id = $1 AND a.state = ANY($2) AND ($3::text[] IS NULL OR a.kind = ANY($3)) ORDER BY a.id FOR UPDATE`,
      [patientId, OPEN_STATES, kinds ?? null],
    );
  }

  async openOfKind(
    manager: EntityManager,
    patientId: string,
    kind: AlertKind,
    lock: Lock = 'none',
  ): Promise<AlertEntity | null> {
    const [found] = await this.select(
      manager,
      `a.patient_id = $1 AND a.kind = $2 AND a.state = ANY($3) LIMIT 1${forUpdate(lock)}`,
      [patientId, kind, OPEN_STATES],
    );
    return found ?? null;
  }

  /** Ids of a ward's open alerts (`null`: patients on no configured ward). */
  async openIdsOfWard(wardId: string | null): Promise<string[]> {
    const rows = await this.dataSource.manager.find(AlertEntity, {
      where: { wardId: wardId === null ? IsNull() : wardId, state: In([...OPEN_STATES]) },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  async insert(manager: EntityManager, values: Partial<AlertEntity>): Promise<AlertEntity> {
    const row = manager.create(AlertEntity, values);
    await manager.insert(AlertEntity, row);
    return row;
  }

  async update(manager: EntityManager, alertId: string, changes: Partial<AlertEntity>): Promise<void> {
    await updateEntity(manager, AlertEntity, alertId, changes);
  }

  /** Alert rows matching `where` (SQL over `alert a`, which may end in ORDER BY, LIMIT and FOR UPDATE). */
  private async select(manager: EntityManager, where: string, parameters: unknown[]): Promise<AlertEntity[]> {
    return manager.query<AlertEntity[]>(
      `SELECT ${entityColumns(manager, AlertEntity, 'a')} FROM alert a WHERE ${where}`,
      parameters,
    );
  }

  /** Raised alerts whose escalation time passed (their timer job was lost), oldest first. */
  async lateEscalations(limit = 100): Promise<{ id: string; step: number }[]> {
    const rows = await this.dataSource.query<{ id: string; escalation_step: number }[]>(
      `SELECT id, escalation_step FROM alert WHERE state = 'raised' AND next_escalation_at < now() - interval '2 seconds' ORDER BY next_escalation_at LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ id: row.id, step: row.escalation_step }));
  }

  /**
   * Patients whose next observations are due by `dueBy` (her newest current set taken in the last week, plus its
   * chart's interval and her ward's grace) with no open overdue alert, most overdue first: the sweep's safety net
   * for timers lost with Redis. Each ward is read through its patients and each patient's newest set through her own
   * sets, so a unit of thousands of women is read without scanning a week of sets, and no woman waits behind others
   * who are not due.
   */
  async overdueCandidates(
    graceMinutesByWard: ReadonlyMap<string, number>,
    dueBy: Date,
    limit = 500,
  ): Promise<{ patientId: string; setId: string }[]> {
    if (graceMinutesByWard.size === 0) return [];
    const rows = await this.dataSource.query<{ patient_id: string; set_id: string }[]>(
      `SELECT p.id AS patient_id, newest.id AS set_id
       FROM unnest($1::text[], $2::float8[]) AS ward(id, grace_minutes)
       JOIN patient p ON p.ward_id = ward.id
       CROSS JOIN LATERAL (
         SELECT s.id, s.effective_at + ((s.result->'response'->>'observationIntervalMinutes')::float8
           + ward.grace_minutes) * interval '1 minute' AS due_at
         FROM observation_set s WHERE s.patient_id = p.id AND s.is_current AND s.effective_at > now() - interval '7 days'
         ORDER BY s.effective_at DESC, s.scored_at DESC LIMIT 1) AS newest
       WHERE newest.due_at <= $3
         AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.patient_id = p.id AND a.kind = 'overdue' AND a.state = ANY($4))
       ORDER BY newest.due_at, p.id LIMIT $5`,
      [[...graceMinutesByWard.keys()], [...graceMinutesByWard.values()], dueBy, OPEN_STATES, limit],
    );
    return rows.map((row) => ({ patientId: row.patient_id, setId: row.set_id }));
  }

  /** Open alerts by kind and level (the `beacon_open_alerts` gauge). */
  async openCounts(): Promise<{ kind: string; level: string; count: number }[]> {
    return this.dataSource.query<{ kind: string; level: string; count: number }[]>(
      `SELECT kind, level, count(*)::int AS count FROM alert WHERE state = ANY($1) GROUP BY kind, level`,
      [[...OPEN_STATES]],
    );
  }
}
