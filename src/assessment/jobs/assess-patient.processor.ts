import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DelayedError } from 'bullmq';
import { DataSource } from 'typeorm';
import { UnitOfWork, Transactions } from '../../database/unit-of-work';
import type { JobHandler } from '../../queue/handles-jobs.decorator';
import { HandlesJobs } from '../../queue/handles-jobs.decorator';
import type { JobPayloads } from '../../queue/queue.constants';
import { JobName } from '../../queue/queue.constants';
import { AlertDecisions } from '../../alerts/alert-decisions.service';
import { AlertsService } from '../../alerts/alerts.service';
import { PromptsService } from '../../prompts/prompts.service';
import { AssessmentService } from '../assessment.service';
import { BoardPublisher } from '../board-publisher';
import { ScoreBroadcast, scoreChangesOf } from '../score-broadcast';

/** Rounds one job may run for a patient whose readings keep arriving (the sweep picks up anything left). */
const MAX_ROUNDS = 20;
const BUSY_RETRY_MS = 50;

/**
 * Something changed in a patient's record: place and score everything waiting for her, then decide her alerts, in
 * one transaction (a score and the alert it raises commit together), then broadcast; then the family's pathway
 * prompts, in a transaction of their own. Work is per patient: a job that finds her being assessed by another job
 * leaves its readings to that one, which looks again after it commits (nothing waits on a lock).
 */
@Injectable()
@HandlesJobs(JobName.AssessPatient)
export class AssessPatientProcessor implements JobHandler {
  private readonly logger = new Logger(AssessPatientProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly assessment: AssessmentService,
    private readonly alerts: AlertsService,
    private readonly decisions: AlertDecisions,
    private readonly scores: ScoreBroadcast,
    private readonly board: BoardPublisher,
    private readonly prompts: PromptsService,
  ) {}

  async process(job: Job, token?: string): Promise<unknown> {
    const { patientId, wards, pathways } = job.data as JobPayloads[JobName.AssessPatient];
    const sets: { id: string; total: number; escalate: boolean }[] = [];
    const changes: string[] = [];
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const unit = new UnitOfWork();
      const outcome = await this.assessOnce(patientId, round === 0 && Boolean(wards), unit);
      if (outcome === 'busy') {
        // Readings alone are safe with the job assessing her now (it looks again after its commit); a move to
        // another ward or a pathway change must still be applied by this job.
        if (round > 0 || (!wards && pathways === false)) break;
        await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
        throw new DelayedError();
      }
      sets.push(
        ...outcome.sets.map((set) => ({
          id: set.setId,
          total: set.result.total,
          escalate: set.result.escalate,
        })),
      );
      changes.push(...this.alerts.changedIn(unit));
      if (!(await this.assessment.hasPending(this.dataSource.manager, patientId))) break;
    }
    if (wards) await this.announceWardsChanged(wards);
    // The pathways read the record (a gestation, a dose given, a CO reading, a birth): prompts follow. Vital signs
    // alone change nothing they read.
    const prompts = pathways === false ? undefined : await this.prompts.evaluate(patientId);
    return { sets, alerts: changes, prompts: prompts?.decisions ?? [] };
  }

  /** One round: her lock (or 'busy'), the assessment and its alert decisions in one unit of work, then broadcast. */
  private async assessOnce(patientId: string, followMove: boolean, unit: UnitOfWork) {
    return this.transactions.run(async (manager) => {
      if (!(await this.assessment.tryLockPatient(manager, patientId))) return 'busy' as const;
      const assessed = await this.assessment.assess(manager, patientId, unit);
      if (followMove) await this.alerts.followPatient(manager, patientId, unit);
      await this.decisions.applyAssessment(manager, assessed, unit);
      unit.after(this.scores, ...scoreChangesOf(assessed));
      return assessed;
    }, unit);
  }

  /** A patient moved: the screens of the wards she left and joined re-sync (a failure only delays that). */
  private async announceWardsChanged(wardIds: readonly (string | null)[]): Promise<void> {
    try {
      await this.board.publishWardsChanged(wardIds);
    } catch (error) {
      this.logger.warn(`ward change broadcast failed (screens re-sync within a minute): ${String(error)}`);
    }
  }
}
