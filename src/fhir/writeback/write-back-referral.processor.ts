import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { UpstreamClient } from '../upstream/upstream-client';
import { WriteBackRepository } from './write-back.repository';
import type { JobHandler } from '../../queue/handles-jobs.decorator';
import { HandlesJobs } from '../../queue/handles-jobs.decorator';
import type { JobPayloads } from '../../queue/queue.constants';
import { JobName } from '../../queue/queue.constants';

/**
 * Writes a referral Beacon recorded back to the upstream FHIR server (BEACON_FHIR_WRITE_BACK) as a ServiceRequest
 * about the upstream patient, found or updated by its identifier (so a retry never makes two). Referrals of patients
 * the upstream server does not know are kept in Beacon only.
 */
@Injectable()
@HandlesJobs(JobName.WriteBackReferral)
export class WriteBackReferralProcessor implements JobHandler {
  constructor(
    private readonly repository: WriteBackRepository,
    private readonly upstream: UpstreamClient,
  ) {}

  async process(job: Job): Promise<unknown> {
    const { resourceId } = job.data as JobPayloads[JobName.WriteBackReferral];
    const row = await this.repository.referral(resourceId, this.upstream.baseUrl);
    if (!row || !row.is_current) return { outcome: 'referral-withdrawn' };
    if (!row.upstream_patient) return { outcome: 'not-an-upstream-patient' };
    const written = await this.upstream.upsertByIdentifier({
      ...row.raw,
      subject: { reference: `Patient/${row.upstream_patient}` },
    });
    return { outcome: 'written', id: written.id };
  }
}
