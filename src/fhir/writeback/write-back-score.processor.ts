import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { UpstreamClient } from '../upstream/upstream-client';
import { scoreObservation } from './score-observation';
import { WriteBackRepository } from './write-back.repository';
import type { JobHandler } from '../../queue/handles-jobs.decorator';
import { HandlesJobs } from '../../queue/handles-jobs.decorator';
import type { JobPayloads } from '../../queue/queue.constants';
import { JobName } from '../../queue/queue.constants';

/**
 * Writes a scored observation set back to the upstream FHIR server (BEACON_FHIR_WRITE_BACK): one score Observation
 * per set, derivedFrom the upstream Observations scored, updated when the set is scored again. Sets of patients the
 * upstream server does not know (sent by an EPR directly) are not written back.
 */
@Injectable()
@HandlesJobs(JobName.WriteBackScore)
export class WriteBackScoreProcessor implements JobHandler {
  constructor(
    private readonly repository: WriteBackRepository,
    private readonly upstream: UpstreamClient,
  ) {}

  async process(job: Job): Promise<unknown> {
    const { setId } = job.data as JobPayloads[JobName.WriteBackScore];
    const source = this.upstream.baseUrl;
    const set = await this.repository.set(setId, source);
    if (!set || !set.is_current) return { outcome: 'set-withdrawn' };
    if (!set.upstream_patient) return { outcome: 'not-an-upstream-patient' };
    const derivedFrom = await this.repository.upstreamSources(
      set.readings.map((reading) => reading.readingId),
      source,
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
        derivedFrom,
      }),
    );
    return { outcome: 'written', id: written.id };
  }
}
