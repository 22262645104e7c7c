import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ObservationSetEntity } from '../assessment/persistence/observation-set.entity';
import { AppConfig } from '../config/app-config';
import type { UnitOfWork } from '../database/unit-of-work';
import { AlertRepository } from './alert.repository';
import { SEVERITY, TIMER_TOLERANCE_MS, nextSetDueAt } from './alert-facts';
import { AlertsService } from './alerts.service';

/**
 * Raises a woman's overdue alert when the observations after her newest set are due and none is open: from the
 * assessment, for a set that was already overdue when it arrived, and from the timer sweep, for every other.
 */
@Injectable()
export class OverdueAlerts {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: AlertRepository,
    private readonly alerts: AlertsService,
  ) {}

  /** In the caller's transaction, which holds her assessment lock; `latest` is her newest current set. */
  async raiseIfDue(
    manager: EntityManager,
    latest: ObservationSetEntity,
    wardId: string | null,
    unit: UnitOfWork,
  ): Promise<'raised' | 'not-overdue'> {
    const due = nextSetDueAt(this.config, latest, wardId);
    if (!due || due.getTime() > Date.now() + TIMER_TOLERANCE_MS) return 'not-overdue';
    if (await this.repository.openOfKind(manager, latest.patientId, 'overdue')) return 'not-overdue';
    await this.alerts.raise(
      manager,
      {
        kind: 'overdue',
        patientId: latest.patientId,
        wardId,
        level: 'overdue',
        severity: SEVERITY.overdue,
        clinicalRisk: latest.clinicalRisk,
        set: latest,
        detail: {
          who: 'The midwife or nurse caring for the patient takes observations now',
          dueAt: due.toISOString(),
          lastSetAt: latest.effectiveAt.toISOString(),
          intervalMinutes: latest.result.response.observationIntervalMinutes,
          responseVerification: 'unverified',
        },
      },
      unit,
    );
    return 'raised';
  }
}
