import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  entityColumns,
  entityProperties,
  insertEntities,
  updateEntity,
  updateEntityReturning,
} from '../database/persistence/entity-sql';
import type { PlacedSet, SetReading } from './domain/observation-set-assembly';
import { panelSetKey } from './domain/observation-set-assembly';
import { ObservationSetEntity } from './persistence/observation-set.entity';
import { fieldLiterals } from '../clinical-record/persistence/sparse-reading-fields';

/** A reading waiting for the assessment. */
export interface PendingReading extends SetReading {
  readonly setId: string | null;
  readonly isCurrent: boolean;
  /** Whether it can be scored (a final-status, instant-precision reading): only these are placed in sets. */
  readonly scorable: boolean;
}

/** What an observation set row holds, as the assessment writes it. */
export type ObservationSetValues = Omit<ObservationSetEntity, 'id' | 'timesScored'>;

/** ORDER BY must name reading.id: ordering by the text alias would put 10 before 9. */
const READING_COLUMNS = `id::text AS id, field, value, effective_at AS "effectiveAt", recorded_at AS "recordedAt",
  panel_key AS "panelKey"`;

/**
 * The assessment's reads and writes: readings waiting to be placed, the sets near them, the members of a set, and
 * the set rows themselves (also read by the alert life cycle: her newest set, a set by id), and the patient's
 * assessment lock. Every query is bounded by a patient and a time window or by set ids, never a whole stay.
 */
@Injectable()
export class ObservationSetRepository {
  /** Serialises the assessment of one patient; false when another transaction is assessing her now. */
  async tryLockPatient(manager: EntityManager, patientId: string): Promise<boolean> {
    const [row] = await manager.query<{ locked: boolean }[]>(
      'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked',
      [`patient:${patientId}`],
    );
    return Boolean(row?.locked);
  }

  /** Waits for the patient's assessment lock (the overdue check runs after her assessment, never beside it). */
  async lockPatient(manager: EntityManager, patientId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`patient:${patientId}`]);
  }

  /**
   * The readings waiting for her assessment, and when her newest current set was taken before it changes anything
   * (one round trip: the set's time is read once, beside the readings).
   */
  async pendingWork(
    manager: EntityManager,
    patientId: string,
  ): Promise<{ readings: PendingReading[]; latestSetTime: Date | null }> {
    const rows = await manager.query<(PendingReading & { latestSetTime: Date | null })[]>(
      `SELECT ${READING_COLUMNS}, set_id AS "setId", is_current AS "isCurrent",
         (is_current AND status = 'scored' AND effective_precision = 'instant') AS scorable,
         (SELECT s.effective_at FROM observation_set s WHERE s.patient_id = $1 AND s.is_current
          ORDER BY s.effective_at DESC LIMIT 1) AS "latestSetTime"
       FROM reading WHERE patient_id = $1 AND assessment_pending ORDER BY effective_at, reading.id`,
      [patientId],
    );
    return {
      readings: rows.map(({ latestSetTime: _latest, ...reading }) => reading),
      latestSetTime: rows[0]?.latestSetTime ?? null,
    };
  }

  async hasPending(manager: EntityManager, patientId: string): Promise<boolean> {
    const [row] = await manager.query<{ pending: boolean }[]>(
      'SELECT EXISTS (SELECT 1 FROM reading WHERE patient_id = $1 AND assessment_pending) AS pending',
      [patientId],
    );
    return Boolean(row?.pending);
  }

  /** Sets a reading taken in [from, to] could join, and the panel sets of the given panels. */
  async setsNear(
    manager: EntityManager,
    patientId: string,
    window: { from: Date; to: Date } | undefined,
    panelKeys: readonly string[],
  ): Promise<PlacedSet[]> {
    if (!window && panelKeys.length === 0) return [];
    const rows = await manager.query<
      { id: string; key: string; effectiveAt: Date; fields: string[] | null; isCurrent: boolean }[]
    >(
      `SELECT s.id, s.set_key AS key, s.effective_at AS "effectiveAt", s.is_current AS "isCurrent",
         (SELECT array_agg(DISTINCT r.field) FROM reading r WHERE r.set_id = s.id AND r.is_current) AS fields
       FROM observation_set s
       WHERE s.patient_id = $1 AND (s.effective_at BETWEEN $2 AND $3 OR s.set_key = ANY($4))`,
      [
        patientId,
        window?.from ?? new Date(0),
        window?.to ?? new Date(0),
        panelKeys.map((key) => panelSetKey(key)),
      ],
    );
    return rows.map((row) => ({ ...row, fields: row.fields ?? [] }));
  }

  /** Current members of sets (a retracted reading is no longer a member). */
  async currentMembers(
    manager: EntityManager,
    setIds: readonly string[],
  ): Promise<Map<string, SetReading[]>> {
    const members = new Map<string, SetReading[]>();
    if (setIds.length === 0) return members;
    const rows = await manager.query<(SetReading & { setId: string })[]>(
      `SELECT ${READING_COLUMNS}, set_id AS "setId" FROM reading
       WHERE set_id = ANY($1) AND is_current AND status = 'scored' ORDER BY effective_at, reading.id`,
      [setIds],
    );
    for (const { setId, ...reading } of rows) members.set(setId, [...(members.get(setId) ?? []), reading]);
    return members;
  }

  /**
   * The latest current scorable reading of each given field up to a time (selectors carried forward), ordered by
   * field name. Each is read from the end of her readings of that field: the field is written into the statement, so
   * PostgreSQL can use the partial index of sparse fields (IX_reading_sparse_fields) and the cost does not grow with
   * the length of her stay.
   */
  async latestReadings(
    manager: EntityManager,
    patientId: string,
    fields: readonly string[],
    until: Date,
  ): Promise<SetReading[]> {
    const wanted = [...new Set(fields)].sort();
    if (wanted.length === 0) return [];
    const latestOf = (field: string) =>
      `(SELECT ${READING_COLUMNS} FROM reading
        WHERE patient_id = $1 AND field = ${fieldLiterals([field])} AND is_current AND status = 'scored' AND effective_at <= $2
        ORDER BY effective_at DESC, reading.id DESC LIMIT 1)`;
    return manager.query(wanted.map(latestOf).join(' UNION ALL '), [patientId, until]);
  }

  async existingSets(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<Map<string, { id: string; setKey: string; isCurrent: boolean }>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.query<{ id: string; setKey: string; isCurrent: boolean }[]>(
      'SELECT id, set_key AS "setKey", is_current AS "isCurrent" FROM observation_set WHERE id = ANY($1)',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Stores a new set; the row as the table now holds it. */
  async insertSet(manager: EntityManager, values: ObservationSetValues): Promise<ObservationSetEntity> {
    const [inserted] = await insertEntities(
      manager,
      ObservationSetEntity,
      [values],
      entityProperties(manager, ObservationSetEntity),
    );
    return inserted as ObservationSetEntity;
  }

  /** Stores a set's new score (one more time scored); the row as the table now holds it. */
  async rescoreSet(
    manager: EntityManager,
    id: string,
    values: ObservationSetValues,
  ): Promise<ObservationSetEntity> {
    const row = await updateEntityReturning(manager, ObservationSetEntity, id, values, 'timesScored');
    if (!row) throw new Error(`observation set ${id} does not exist`);
    return row;
  }

  async retractSet(manager: EntityManager, id: string): Promise<void> {
    await updateEntity(manager, ObservationSetEntity, id, { isCurrent: false, scoredAt: new Date() });
  }

  /** Files placed readings in their sets and marks every pending reading assessed. */
  async settle(
    manager: EntityManager,
    placed: ReadonlyMap<string, string>,
    assessed: readonly string[],
  ): Promise<void> {
    if (assessed.length === 0 && placed.size === 0) return;
    // One statement: every pending reading assessed, the newly placed ones filed in their sets.
    await manager.query(
      `UPDATE reading r SET assessment_pending = false, set_id = COALESCE(p.set_id::uuid, r.set_id)
       FROM (SELECT DISTINCT unnest($1::bigint[] || $2::bigint[]) AS id) AS a LEFT JOIN unnest($2::bigint[], $3::text[]) AS p(id, set_id) ON p.id = a.id
       WHERE r.id = a.id`,
      [assessed, [...placed.keys()], [...placed.values()]],
    );
  }

  /** The patient's newest current set (by the time it was taken, then scored). */
  async latestSet(manager: EntityManager, patientId: string): Promise<ObservationSetEntity | null> {
    const [latest] = await manager.query<ObservationSetEntity[]>(
      `SELECT ${entityColumns(manager, ObservationSetEntity, 's')} FROM observation_set s
       WHERE s.patient_id = $1 AND s.is_current ORDER BY s.effective_at DESC, s.scored_at DESC LIMIT 1`,
      [patientId],
    );
    return latest ?? null;
  }

  async set(manager: EntityManager, setId: string): Promise<ObservationSetEntity | null> {
    const [found] = await manager.query<ObservationSetEntity[]>(
      `SELECT ${entityColumns(manager, ObservationSetEntity, 's')} FROM observation_set s WHERE s.id = $1`,
      [setId],
    );
    return found ?? null;
  }

  /** Patients with readings waiting longer than `olderThanMs` (a lost queue job), oldest first. */
  async patientsWaiting(manager: EntityManager, olderThanMs: number, limit: number): Promise<string[]> {
    const rows = await manager.query<{ patientId: string }[]>(
      `SELECT patient_id AS "patientId" FROM reading WHERE assessment_pending
       GROUP BY patient_id HAVING min(recorded_at) < now() - make_interval(secs => $1)
       ORDER BY min(recorded_at) LIMIT $2`,
      [olderThanMs / 1000, limit],
    );
    return rows.map((row) => row.patientId);
  }

  /** Per ward (null: patients on no ward), how long the oldest reading waiting for assessment has waited. */
  async scoringLag(
    manager: EntityManager,
  ): Promise<{ wardId: string | null; waitingSeconds: number; readings: number }[]> {
    return manager.query(
      `SELECT p.ward_id AS "wardId", extract(epoch FROM now() - min(r.recorded_at))::float AS "waitingSeconds",
         count(*)::int AS readings
       FROM reading r JOIN patient p ON p.id = r.patient_id WHERE r.assessment_pending GROUP BY p.ward_id`,
    );
  }
}
