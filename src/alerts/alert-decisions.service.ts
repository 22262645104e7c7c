import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AssessmentOutcome } from '../assessment/assessment.service';
import { ObservationSetRepository } from '../assessment/observation-set.repository';
import type { ObservationSetEntity } from '../assessment/persistence/observation-set.entity';
import { AppConfig } from '../config/app-config';
import type { UnitOfWork } from '../database/unit-of-work';
import { responseFor } from '../scoring';
import { AlertRepository } from './alert.repository';
import { chartOf, detailOf, factsOf, openOfKind, snapshotOf, titleOf } from './alert-facts';
import { AlertsService } from './alerts.service';
import { OverdueAlerts } from './overdue-alerts';
import type { AlertCommand, AlertKind } from './domain/alert';
import type { Decision, SetFacts } from './domain/alert-policy';
import { CONCERN_TABLE, DETERIORATION_TABLE, decide } from './domain/alert-policy';
import type { AlertEntity } from './persistence/alert.entity';

/** The alert kinds an observation set decides. */
const DECIDING_KINDS: readonly AlertKind[] = ['deterioration', 'concern'];

/**
 * What newly scored observation sets mean for a patient's alerts, inside the assessment's transaction: the pure
 * decision tables decide raise / worsen / improve / mark improved / resolve for deterioration and concern, an alert
 * raised by sets entered in error is re-evaluated, a newer set answers an overdue alert, and a set that arrived
 * already overdue raises one.
 */
@Injectable()
export class AlertDecisions {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: AlertRepository,
    private readonly sets: ObservationSetRepository,
    private readonly alerts: AlertsService,
    private readonly overdue: OverdueAlerts,
  ) {}

  /** Applies what the newly assessed sets mean for the patient's alerts (inside the assessment's transaction). */
  async applyAssessment(manager: EntityManager, outcome: AssessmentOutcome, unit: UnitOfWork): Promise<void> {
    const { patientId } = outcome;
    const open = await this.repository.openOfPatient(manager, patientId);
    const latest =
      outcome.latestSet !== undefined ? outcome.latestSet : await this.sets.latestSet(manager, patientId);
    await this.reconsiderRetracted(manager, open, new Set(outcome.retractedSetIds), latest, unit);

    if (!latest || !outcome.sets.some((set) => set.setId === latest.id)) return;
    // Each set newer than the patient's latest before this assessment decides in turn, oldest first: a worse later
    // set is a "worsened" step after the raise, never an edit of it.
    // A set that reached Beacon after a newer one (a late arrival, even within this assessment) is history: it is
    // scored and charted but does not decide.
    const arrivedLate = (set: (typeof outcome.sets)[number]) =>
      outcome.sets.some(
        (other) =>
          other.effectiveAt.getTime() > set.effectiveAt.getTime() &&
          other.acceptedAt.getTime() <= set.acceptedAt.getTime(),
      );
    const deciding = outcome.sets.filter(
      (set) =>
        (!outcome.latestBefore || set.effectiveAt.getTime() >= outcome.latestBefore.getTime()) &&
        !arrivedLate(set),
    );
    // The first set decides on the alerts read above, unless this transaction has changed them since; each later
    // one reads again what the sets before it did. A re-read names only the kinds a set decides: a prompt committed
    // since the first read is not locked late, out of id order.
    let changed = outcome.retractedSetIds.length > 0;
    for (const assessed of deciding) {
      const set = assessed.setId === latest.id ? latest : assessed.row;
      const decided = changed
        ? await this.repository.openOfPatient(manager, patientId, DECIDING_KINDS)
        : open.filter((alert) => (DECIDING_KINDS as readonly string[]).includes(alert.kind));
      await this.decideFromSet(manager, set, decided, unit);
      changed = true;
    }
    await this.watchObservations(manager, openOfKind(open, 'overdue'), latest, unit);
  }

  /** An alert raised by observations entered in error is re-evaluated against what is left. */
  private async reconsiderRetracted(
    manager: EntityManager,
    open: readonly AlertEntity[],
    retracted: ReadonlySet<string>,
    latest: ObservationSetEntity | null,
    unit: UnitOfWork,
  ): Promise<void> {
    for (const alert of open) {
      if (!alert.setId || !retracted.has(alert.setId)) continue;
      if (alert.kind !== 'deterioration' && alert.kind !== 'concern') continue;
      const still = latest
        ? factsOf(this.config, latest)[alert.kind === 'deterioration' ? 'scoreEscalates' : 'concern']
        : false;
      if (still && latest) {
        const because = 'the set that raised it was entered in error';
        const details = { setId: latest.id, because };
        await this.alerts.amend(
          manager,
          alert,
          { setId: latest.id },
          { type: 'alert.updated', details },
          unit,
        );
      } else {
        await this.alerts.applyCommand(
          manager,
          alert,
          { type: 'retract', reason: 'the observations that raised it were entered in error' },
          unit,
        );
      }
    }
  }

  /**
   * A newer set than the one that was overdue answers the overdue alert; the same set re-scored (a late reading, a
   * corrected patient context) does not. A newest set that was already overdue when it arrived (sent late) raises her
   * overdue alert now; otherwise the timer sweep finds her when her next observations are due (AlertTimers.sweep).
   */
  private async watchObservations(
    manager: EntityManager,
    overdue: AlertEntity | undefined,
    latest: ObservationSetEntity,
    unit: UnitOfWork,
  ): Promise<void> {
    if (overdue && !answersOverdue(overdue, latest)) return;
    if (overdue)
      await this.alerts.applyCommand(
        manager,
        overdue,
        { type: 'supersede', reason: 'observations recorded' },
        unit,
      );
    await this.overdue.raiseIfDue(manager, latest, latest.wardId, unit);
  }

  /** What one newly scored set means for the patient's deterioration and concern alerts. */
  private async decideFromSet(
    manager: EntityManager,
    set: ObservationSetEntity,
    open: readonly AlertEntity[],
    unit: UnitOfWork,
  ): Promise<void> {
    const maxAgeHours = this.config.env.BEACON_ALERT_MAX_SET_AGE_HOURS;
    if (Date.now() - set.effectiveAt.getTime() > maxAgeHours * 3600_000) {
      if (set.escalate)
        unit.audit.push({
          type: 'alert.not-raised',
          actor: { type: 'system', id: 'alerts' },
          patientId: set.patientId,
          wardId: set.wardId,
          details: { setId: set.id, because: `the observations were taken more than ${maxAgeHours} h ago` },
        });
      return;
    }
    const facts = factsOf(this.config, set);
    const deterioration = openOfKind(open, 'deterioration');
    const decision = decide(DETERIORATION_TABLE, snapshotOf(deterioration), facts);
    await this.applyDecision(manager, 'deterioration', decision, deterioration, set, facts, unit);
    const chart = chartOf(this.config, set);
    if (!chart) return;
    const concernResponse = responseFor(chart, chart.concern.response);
    const concernFacts = {
      ...facts,
      level: concernResponse.level,
      severity: chart.responses.indexOf(concernResponse),
    };
    const concern = openOfKind(open, 'concern');
    const concernDecision = decide(CONCERN_TABLE, snapshotOf(concern), concernFacts);
    await this.applyDecision(manager, 'concern', concernDecision, concern, set, concernFacts, unit);
  }

  private async applyDecision(
    manager: EntityManager,
    kind: 'deterioration' | 'concern',
    decision: Decision,
    open: AlertEntity | undefined,
    set: ObservationSetEntity,
    facts: SetFacts,
    unit: UnitOfWork,
  ): Promise<void> {
    const clinicalRisk = set.result.clinicalRisk;
    const detail = detailOf(this.config, set, facts.level);
    if (decision.action === 'none') return;
    if (decision.action === 'raise') {
      const { patientId, wardId } = set;
      const { level, severity } = facts;
      const reviewWithinMinutes = detail.reviewWithinMinutes;
      await this.alerts.raise(
        manager,
        { kind, patientId, wardId, level, severity, clinicalRisk, set, reviewWithinMinutes },
        unit,
      );
      return;
    }
    if (!open) return;
    const retitled =
      decision.action === 'worsen' || decision.action === 'refresh' || decision.action === 'improve';
    await this.alerts.applyCommand(
      manager,
      open,
      commandOf(decision, facts, detail.reviewWithinMinutes),
      unit,
      {
        setId: set.id,
        clinicalRisk,
        detail,
        ...(retitled ? { title: titleOf(kind, set) } : {}),
      },
    );
  }
}

function commandOf(
  decision: Exclude<Decision, { action: 'none' | 'raise' }>,
  facts: SetFacts,
  reviewWithinMinutes: number | null,
): AlertCommand {
  switch (decision.action) {
    case 'worsen':
      return { type: 'worsen', level: facts.level, severity: facts.severity, reviewWithinMinutes };
    case 'improve':
      return { type: 'improve', level: facts.level, severity: facts.severity };
    case 'resolve':
      return { type: 'resolve', reason: decision.reason };
    case 'mark-improved':
    case 'refresh':
      return { type: decision.action };
  }
}

function answersOverdue(overdue: AlertEntity, latest: ObservationSetEntity): boolean {
  const lastSetAt = (overdue.detail as { lastSetAt?: unknown }).lastSetAt;
  return typeof lastSetAt === 'string'
    ? latest.effectiveAt.getTime() > Date.parse(lastSetAt)
    : latest.id !== overdue.setId;
}
