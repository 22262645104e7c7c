import { Injectable } from '@nestjs/common';
import { ObservationSetRepository } from '../assessment/observation-set.repository';
import { PatientStore } from '../clinical-record/patient.store';
import { AppConfig } from '../config/app-config';
import type { JobFailureSink } from '../queue/job-failure-sink';
import { Transactions } from '../database/unit-of-work';
import { AlertRepository } from './alert.repository';
import { SEVERITY, TIMER_TOLERANCE_MS } from './alert-facts';
import { AlertsService } from './alerts.service';
import { OverdueAlerts } from './overdue-alerts';

/**
 * Beacon's own timers: an unacknowledged alert climbs the ward's ladder, observations that did not come in time
 * raise an overdue alert, a sweep runs the timers whose job was lost, and a job that failed for good becomes a
 * processing-failure alarm. Each is a no-op when moot (a timer may fire twice).
 */
@Injectable()
export class AlertTimers implements JobFailureSink {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly repository: AlertRepository,
    private readonly sets: ObservationSetRepository,
    private readonly alerts: AlertsService,
    private readonly patients: PatientStore,
    private readonly overdue: OverdueAlerts,
  ) {}

  /** An escalation timer fired: escalate if the alert is still unacknowledged at that step (no-op otherwise). */
  async escalate(alertId: string, step: number): Promise<'escalated' | 'not-due' | 'no-longer-needed'> {
    return this.transactions.run(async (manager, unit) => {
      const alert = await this.repository.byId(manager, alertId, 'write');
      if (!alert || alert.state !== 'raised' || alert.escalationStep !== step || !alert.nextEscalationAt)
        return 'no-longer-needed';
      if (alert.nextEscalationAt.getTime() > Date.now() + TIMER_TOLERANCE_MS) return 'not-due';
      await this.alerts.applyCommand(manager, alert, { type: 'escalate', reason: 'timeout' }, unit);
      return 'escalated';
    });
  }

  /** The next observations were due: raise an overdue alert if no newer set has arrived and none is open. */
  async checkOverdue(patientId: string, setId: string): Promise<'raised' | 'not-overdue'> {
    return this.transactions.run(async (manager, unit) => {
      await this.sets.lockPatient(manager, patientId);
      const latest = await this.sets.latestSet(manager, patientId);
      if (latest?.id !== setId) return 'not-overdue';
      const patient = await this.patients.wardOfPatient(manager, patientId);
      return this.overdue.raiseIfDue(manager, latest, patient?.wardId ?? null, unit);
    });
  }

  /** Safety net: timers whose job never ran (lost with Redis data) are found in PostgreSQL and run now. */
  async sweep(): Promise<{ escalated: number; overdue: number }> {
    let escalated = 0;
    for (const alert of await this.repository.lateEscalations())
      if ((await this.escalate(alert.id, alert.step)) === 'escalated') escalated += 1;
    let overdue = 0;
    const graceMinutesByWard = new Map(
      this.config.wards.wards.map((ward) => [ward.id, ward.escalation.overdueGraceMinutes]),
    );
    const dueBy = new Date(Date.now() + TIMER_TOLERANCE_MS);
    for (const candidate of await this.repository.overdueCandidates(graceMinutesByWard, dueBy))
      if ((await this.checkOverdue(candidate.patientId, candidate.setId)) === 'raised') overdue += 1;
    return { escalated, overdue };
  }

  /** A job failed for good: an operational alarm coordinators see, never a silent drop (the queue's JobFailureSink). */
  async jobFailed(
    job: { name: string; id?: string | undefined; data: unknown },
    error: Error,
  ): Promise<void> {
    const data = (job.data ?? {}) as { patientId?: unknown };
    const patientId = typeof data.patientId === 'string' ? data.patientId : null;
    await this.transactions.run(async (manager, unit) => {
      const patient = patientId ? await this.patients.wardOfPatient(manager, patientId) : undefined;
      const wardId = patient?.wardId ?? null;
      const details = { job: job.name, jobId: job.id ?? null, error: error.message.slice(0, 500) };
      unit.audit.push({
        type: 'processing.failed',
        actor: { type: 'system', id: 'worker' },
        patientId,
        wardId,
        details,
      });
      if (patientId && (await this.repository.openOfKind(manager, patientId, 'processing-failure'))) return;
      const who =
        'Ward coordinator: check this patient’s recent observations by hand; IT support is informed';
      await this.alerts.raise(
        manager,
        {
          kind: 'processing-failure',
          patientId,
          wardId,
          level: 'processing-failure',
          severity: SEVERITY['processing-failure'],
          detail: { who, ...details, responseVerification: 'unverified' },
        },
        unit,
      );
    });
  }
}
