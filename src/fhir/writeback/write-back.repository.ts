import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SetReading } from '../../assessment/persistence/observation-set.entity';
import type { ScoreResult } from '../../scoring';

/** A scored set as the score write-back needs it, with the patient's id on the upstream server (if any). */
export interface SetToWriteBack {
  readonly chart_id: string;
  readonly chart_version: string;
  readonly chart_verification: string;
  readonly effective_at: Date;
  readonly result: ScoreResult;
  readonly readings: SetReading[];
  readonly upstream_patient: string | null;
  readonly is_current: boolean;
}

/** What the write-back to the upstream FHIR server reads: a scored set, a recorded referral, their sources. */
@Injectable()
export class WriteBackRepository {
  constructor(private readonly dataSource: DataSource) {}

  async set(setId: string, upstreamSystem: string): Promise<SetToWriteBack | undefined> {
    const [set] = await this.dataSource.query<SetToWriteBack[]>(
      `SELECT s.chart_id, s.chart_version, s.chart_verification, s.effective_at, s.result, s.readings, s.is_current,
              (SELECT i.source_id FROM patient_identity i WHERE i.patient_id = s.patient_id AND i.source_system = $2 LIMIT 1) AS upstream_patient
       FROM observation_set s WHERE s.id = $1`,
      [setId, upstreamSystem],
    );
    return set;
  }

  /** The upstream ids of the Observations the readings came from (the score's derivedFrom), sorted. */
  async upstreamSources(readingIds: readonly string[], upstreamSystem: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ source_id: string }[]>(
      `SELECT DISTINCT f.source_id FROM reading r JOIN fhir_resource f ON f.id = r.resource_id
       WHERE r.id = ANY($1::bigint[]) AND f.source_system = $2 AND f.source_id IS NOT NULL ORDER BY f.source_id`,
      [readingIds, upstreamSystem],
    );
    return rows.map((row) => row.source_id);
  }

  /** A referral Beacon recorded, with the patient's id on the upstream server (if any). */
  async referral(
    resourceId: string,
    upstreamSystem: string,
  ): Promise<
    { raw: fhir4.ServiceRequest; upstream_patient: string | null; is_current: boolean } | undefined
  > {
    const [row] = await this.dataSource.query<
      { raw: fhir4.ServiceRequest; upstream_patient: string | null; is_current: boolean }[]
    >(
      `SELECT f.raw, f.is_current,
              (SELECT i.source_id FROM patient_identity i WHERE i.patient_id = f.patient_id AND i.source_system = $2 LIMIT 1) AS upstream_patient
       FROM fhir_resource f WHERE f.id = $1`,
      [resourceId, upstreamSystem],
    );
    return row;
  }
}
