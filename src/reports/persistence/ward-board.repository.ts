import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OPEN_STATES } from '../../alerts/domain/alert';

/**
 * A patient's bed tile as read: her, whether an overdue alert is open, whether readings wait to be scored, her two
 * newest current sets.
 */
export interface TileRow {
  id: string;
  name: string | null;
  bed: string | null;
  ward_id: string | null;
  overdue: boolean;
  /** The effective time of her oldest reading still waiting to be scored, if any. */
  unscored_since: Date | null;
  sets:
    | {
        id: string;
        effective_at: string;
        total: number;
        clinical_risk: string;
        escalate: boolean;
        complete: boolean;
        chart_id: string;
        patient_group: string;
        missing: string[] | null;
        concern: boolean | null;
        interval: number | null;
      }[]
    | null;
}

const TILE_QUERY = `
  SELECT p.id, p.name, p.bed, p.ward_id,
    EXISTS (SELECT 1 FROM alert a WHERE a.patient_id = p.id AND a.kind = 'overdue' AND a.state = ANY($2)) AS overdue,
    (SELECT min(r.effective_at) FROM reading r WHERE r.patient_id = p.id AND r.assessment_pending) AS unscored_since,
    (SELECT json_agg(s ORDER BY s.effective_at DESC) FROM (
       SELECT id, effective_at, total, clinical_risk, escalate, complete, chart_id, patient_group,
              result->'missing' AS missing, (result->>'concern')::boolean AS concern,
              (result->'response'->>'observationIntervalMinutes')::int AS interval
         FROM observation_set
        WHERE patient_id = p.id AND is_current
        ORDER BY effective_at DESC, scored_at DESC
        LIMIT 2) s) AS sets
  FROM patient p`;

/** The ward board's SQL: one query for a whole ward, one for a single patient. */
@Injectable()
export class WardBoardRepository {
  constructor(private readonly dataSource: DataSource) {}

  async tilesOfWard(wardId: string): Promise<TileRow[]> {
    return this.dataSource.query<TileRow[]>(`${TILE_QUERY} WHERE p.ward_id = $1`, [wardId, OPEN_STATES]);
  }

  async tileOfPatient(patientId: string): Promise<TileRow | undefined> {
    const [row] = await this.dataSource.query<TileRow[]>(`${TILE_QUERY} WHERE p.id = $1`, [
      patientId,
      OPEN_STATES,
    ]);
    return row;
  }
}
