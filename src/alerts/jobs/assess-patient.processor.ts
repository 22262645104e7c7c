import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import type { JobHandler } from '../../queue/handles-jobs.decorator';
import { HandlesJobs } from '../../queue/handles-jobs.decorator';
import type { JobPayloads } from '../../queue/queue.constants';
import { JobName } from '../../queue/queue.constants';
import { AlertsService, newAlertWork } from '../alerts.service';
import { AssessmentService } from '../assessment.service';
import { PromptsService } from '../prompts.service';

/**
 * Something changed in a patient's record: assemble and score the affected observation sets, then decide the
 * patient's alerts, all in one transaction (so a score and the alert it raises commit together), then broadcast;
 * then the family's pathway prompts, in a transaction of their own.
 */
@Injectable()
@HandlesJobs(JobName.AssessPatient)
export class AssessPatientProcessor implements JobHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assessment: AssessmentService,
    private readonly alerts: AlertsService,
    private readonly prompts: PromptsService,
  ) {}

  async process(job: Job): Promise<unknown> {
    const { patientId, resourceId, wards } = job.data as JobPayloads[JobName.AssessPatient];
    const unit = newAlertWork();
    const outcome = await this.dataSource.transaction(async (manager) => {
      await this.assessment.lockPatient(manager, patientId);
      const assessed = await this.assessment.assess(manager, patientId, resourceId, unit);
      if (wards) await this.alerts.followPatient(manager, patientId, unit);
      await this.alerts.applyAssessment(manager, assessed, unit);
      await this.alerts.flush(manager, unit);
      return assessed;
    });
    await this.alerts.afterCommit(unit);
    if (wards) await this.alerts.announceWardsChanged(wards);
    // The pathways read the same record (a gestation, a dose given, a CO reading, a birth): prompts follow.
    const prompts = await this.prompts.evaluate(patientId);
    return {
      sets: outcome.sets.map((set) => ({
        id: set.setId,
        total: set.result.total,
        escalate: set.result.escalate,
      })),
      alerts: unit.changes,
      prompts: prompts.decisions,
    };
  }
}
