import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { UpstreamClient } from '../../fhir/upstream/upstream-client';
import { scoreObservation } from '../../fhir/writeback/score-observation';
import type { JobHandler } from '../../queue/handles-jobs.decorator';
import { HandlesJobs } from '../../queue/handles-jobs.decorator';
import type { JobPayloads } from '../../queue/queue.constants';
import { JobName } from '../../queue/queue.constants';
import type { ScoreResult } from '../../scoring';

/**
 * Writes a scored observation set back to the upstream FHIR server (BEACON_FHIR_WRITE_BACK): one score Observation
 * per set, derivedFrom the upstream Observations scored, updated when the set is scored again. Sets of patients the
 * upstream server does not know (sent by an EPR directly) are not written back.
 */
@Injectable()
@HandlesJobs(JobName.WriteBackScore)
export class WriteBackProcessor implements JobHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly upstream: UpstreamClient,
  ) {}

  async process(job: Job): Promise<unknown> {
    const { setId } = job.data as JobPayloads[JobName.WriteBackScore];
    const source = this.upstream.baseUrl;
    const [set] = await this.dataSource.query<
      {
        chart_id: string;
        chart_version: string;
        chart_verification: string;
        effective_at: Date;
        result: ScoreResult;
        readings: { readingId: string; field: string; value: unknown }[];
        upstream_patient: string | null;
        is_current: boolean;
      }[]
    >(
      `SELECT s.chart_id, s.chart_version, s.chart_verification, s.effective_at, s.result, s.readings, s.is_current,
              (SELECT i.source_id FROM patient_identity i WHERE i.patient_id = s.patient_id AND i.source_system = $2 LIMIT 1) AS upstream_patient
       FROM observation_set s WHERE s.id = $1`,
      [setId, source],
    );
    if (!set || !set.is_current) return { outcome: 'set-withdrawn' };
    if (!set.upstream_patient) return { outcome: 'not-an-upstream-patient' };
    const derivedFrom = await this.dataSource.query<{ source_id: string }[]>(
      `SELECT DISTINCT f.source_id FROM reading r JOIN fhir_resource f ON f.id = r.resource_id
       WHERE r.id = ANY($1::bigint[]) AND f.source_system = $2 AND f.source_id IS NOT NULL ORDER BY f.source_id`,
      [set.readings.map((reading) => reading.readingId), source],
    );
    const written = await this.upstream.upsertByIdentifier(
      scoreObservation({
        setId,
        chart: { id: set.chart_id, version: set.chart_version, verification: set.chart_verification },
        effectiveAt: new Date(set.effective_at),
        total: set.result.total,
        parameters: set.result.parameters.map(({ parameter, score }) => ({ parameter, score })),
        spo2Scale2: set.readings.some((reading) => reading.field === 'spo2Scale' && reading.value === 2),
        patientId: set.upstream_patient,
        derivedFrom: derivedFrom.map((row) => row.source_id),
      }),
    );
    return { outcome: 'written', id: written.id };
  }
}
