import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParameterScore } from '../../scoring';
import type { SetSummaryRow } from './set-summary';

export interface PatientRow {
  id: string;
  name: string | null;
  bed: string | null;
  ward_id: string | null;
}

export interface SetRow extends SetSummaryRow {
  complete: boolean;
  parameters: ParameterScore[] | null;
  missing: string[] | null;
  concern: boolean | null;
  readings: { field: string; value: string | number | boolean }[];
}

export interface MarkerRow {
  alert_id: string;
  kind: string;
  type: string;
  occurred_at: Date;
  details: { level?: unknown; step?: unknown; actor?: { name?: unknown } };
}

/** The patient chart's SQL: the patient, the newest current sets of her stay, the alert steps to mark. */
@Injectable()
export class PatientChartRepository {
  constructor(private readonly dataSource: DataSource) {}

  async patient(patientId: string): Promise<PatientRow | undefined> {
    const [row] = await this.dataSource.query<PatientRow[]>(
      'SELECT id, name, bed, ward_id FROM patient WHERE id = $1',
      [patientId],
    );
    return row;
  }

  /** Her `limit` newest current sets, oldest first. */
  async recentSets(patientId: string, limit: number): Promise<SetRow[]> {
    return this.dataSource.query<SetRow[]>(
      `SELECT * FROM (
         SELECT id, effective_at, chart_id, chart_version, chart_verification, total, clinical_risk, complete,
                result->'parameters' AS parameters, result->'missing' AS missing,
                (result->>'concern')::boolean AS concern, readings
           FROM observation_set
          WHERE patient_id = $1 AND is_current
          ORDER BY effective_at DESC, scored_at DESC
          LIMIT $2) recent
       ORDER BY effective_at, id`,
      [patientId, limit],
    );
  }

  /** Her alerts' audit events of the given types, in order. */
  async markers(patientId: string, types: readonly string[]): Promise<MarkerRow[]> {
    return this.dataSource.query<MarkerRow[]>(
      `SELECT e.alert_id, a.kind, e.type, e.occurred_at, e.details
         FROM audit_event e JOIN alert a ON a.id = e.alert_id
        WHERE e.patient_id = $1 AND e.type = ANY($2)
        ORDER BY e.occurred_at, e.id`,
      [patientId, types],
    );
  }
}
