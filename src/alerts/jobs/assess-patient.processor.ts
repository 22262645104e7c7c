import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../audit/audit-log';
import type { AuditEntry } from '../../audit/audit.types';
import type { JobHandler } from '../../queue/handles-jobs.decorator';
import { HandlesJobs } from '../../queue/handles-jobs.decorator';
import type { JobPayloads } from '../../queue/queue.constants';
import { JobName } from '../../queue/queue.constants';
import { AssessmentService } from '../assessment.service';

/** Something changed in a patient's record: assemble, score and store the affected observation sets. */
@Injectable()
@HandlesJobs(JobName.AssessPatient)
export class AssessPatientProcessor implements JobHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessment: AssessmentService,
    private readonly auditLog: AuditLog,
  ) {}

  async process(job: Job): Promise<unknown> {
    const { patientId, resourceId } = job.data as JobPayloads[JobName.AssessPatient];
    return this.dataSource.transaction(async (manager) => {
      await this.assessment.lockPatient(manager, patientId);
      const audit: AuditEntry[] = [];
      const outcome = await this.assessment.assess(manager, patientId, resourceId, audit);
      await this.auditLog.append(manager, audit);
      return {
        sets: outcome.sets.map((set) => ({
          id: set.setId,
          total: set.result.total,
          escalate: set.result.escalate,
        })),
      };
    });
  }
}
