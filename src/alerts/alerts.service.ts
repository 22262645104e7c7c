import type { OnModuleInit } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { HttpError } from '../http/http-error';
import type { AuditEntry } from '../audit/audit.types';
import { ClinicalRecordStore } from '../clinical-record/clinical-record.store';
import { AppConfig } from '../config/app-config';
import { BeaconMetrics } from '../metrics/beacon-metrics';
import type { WardDefinition } from '../config/wards.schema';
import type { OutboxMessage } from '../queue/outbox';
import { OutboxWriter, outboxMessage } from '../queue/outbox';
import { OutboxRelay } from '../queue/outbox-relay';
import { JobName } from '../queue/queue.constants';
import type { ChartDefinition, ScoreResult } from '../scoring';
import { responseFor } from '../scoring';
import type { AlertChange, AlertView, PromptDetail, ScoreChange } from './alert.view';
import { AlertPublisher } from './alert.view';
import type { AssessmentOutcome } from '../assessment/assessment.service';
import type {
  Actor,
  AlertCommand,
  AlertKind,
  AlertResponse,
  AlertSnapshot,
  AlertState,
} from './domain/alert';
import { OPEN_STATES, transition } from './domain/alert';
import type { Decision, SetFacts } from './domain/alert-policy';
import { CONCERN_TABLE, DETERIORATION_TABLE, decide } from './domain/alert-policy';
import { escalationStep } from './domain/escalation-ladder';
import { AlertEntity } from './persistence/alert.entity';
import { ObservationSetEntity } from '../assessment/persistence/observation-set.entity';

/** Kinds that are not chart responses rank after every chart response level. */
const SEVERITY = { overdue: 40, 'processing-failure': 30, prompt: 50 } as const;
const TOLERANCE_MS = 1000;

/** A command Beacon refuses (403 ward, 404 unknown alert, 409 illegal transition), with the reason. */
export class AlertCommandError extends HttpError {
  constructor(status: 403 | 404 | 409 | 422, message: string) {
    super(status, [
      {
        code: status === 404 ? 'not-found' : status === 403 ? 'forbidden' : 'business-rule',
        diagnostics: message,
      },
    ]);
  }
}

/** What a transaction collects for after it (or as it) commits. */
export interface AlertWork {
  readonly audit: AuditEntry[];
  readonly messages: OutboxMessage[];
  readonly changes: string[];
  readonly scores: ScoreChange[];
}

export const newAlertWork = (): AlertWork => ({ audit: [], messages: [], changes: [], scores: [] });

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * The escalation life cycle: decides alerts from newly scored observation sets (in the assessment's transaction),
 * carries out staff commands (acknowledge, respond, resolve, note), escalates unacknowledged alerts up the ward's
 * ladder and raises overdue and processing-failure alerts. Every change is audited in the same transaction, and
 * broadcast after commit.
 */
@Injectable()
export class AlertsService implements OnModuleInit {
  private readonly logger = new Logger(AlertsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly auditLog: AuditLog,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly record: ClinicalRecordStore,
    private readonly publisher: AlertPublisher,
    private readonly metrics: BeaconMetrics,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge(
      'beacon_open_alerts',
      'Open alerts (raised, acknowledged or attending), by kind and level.',
      ['kind', 'level'],
      async () =>
        (
          await this.dataSource.query<{ kind: string; level: string; count: number }[]>(
            `SELECT kind, level, count(*)::int AS count FROM alert WHERE state = ANY($1) GROUP BY kind, level`,
            [[...OPEN_STATES]],
          )
        ).map((row) => ({ labels: { kind: row.kind, level: row.level }, value: row.count })),
    );
  }

  /** For read-only queries by the controllers. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  private ward(wardId: string | null): WardDefinition | undefined {
    return this.config.wards.wards.find((ward) => ward.id === wardId);
  }

  private ladderOf(wardId: string | null) {
    return (this.ward(wardId) ?? this.config.wards.wards[0])?.escalation.ladder ?? [];
  }

  /** Runs `work` in a transaction, then writes its outbox and audit entries, then (after commit) broadcasts. */
  async inTransaction<T>(work: (manager: EntityManager, unit: AlertWork) => Promise<T>): Promise<T> {
    const unit = newAlertWork();
    const result = await this.dataSource.transaction(async (manager) => {
      const value = await work(manager, unit);
      await this.flush(manager, unit);
      return value;
    });
    await this.afterCommit(unit);
    return result;
  }

  async flush(manager: EntityManager, unit: AlertWork): Promise<void> {
    await this.outbox.add(manager, unit.messages);
    await this.auditLog.append(manager, unit.audit);
  }

  /** Broadcasts what changed; a broadcast failure never undoes a committed change (screens re-sync on snapshot). */
  async afterCommit(unit: AlertWork): Promise<void> {
    if (unit.messages.length > 0) this.relay.kick();
    try {
      const views = await this.views(this.dataSource.manager, [...new Set(unit.changes)]);
      await this.publisher.publishAlerts(
        views.map(
          (alert) =>
            ({
              type:
                alert.state === 'raised' && alert.escalation.step === 0 && !alert.acknowledged
                  ? 'raised'
                  : 'updated',
              alert,
            }) satisfies AlertChange,
        ),
      );
      if (unit.scores.length > 0) {
        await this.publisher.publishScores(unit.scores);
        const now = Date.now();
        for (const score of unit.scores)
          if (score.acceptedAt)
            this.metrics.setToBroadcast.observe(Math.max(0, now - Date.parse(score.acceptedAt)) / 1000);
      }
    } catch (error) {
      this.logger.warn(`broadcast failed (screens will re-sync): ${String(error)}`);
    }
  }

  /**
   * A patient moved: her open alerts go with her to her new ward (its screens, its escalation ladder), audited, inside
   * the assessment's transaction.
   */
  async followPatient(manager: EntityManager, patientId: string, unit: AlertWork): Promise<void> {
    const [patient] = await manager.query<{ ward_id: string | null }[]>(
      'SELECT ward_id FROM patient WHERE id = $1',
      [patientId],
    );
    if (!patient) return;
    const open = await this.openAlertsOf(manager, patientId);
    for (const alert of open) {
      if (alert.wardId === patient.ward_id) continue;
      unit.audit.push(this.auditOf(alert, 'alert.moved', { from: alert.wardId, to: patient.ward_id }));
      await manager.update(AlertEntity, { id: alert.id }, { wardId: patient.ward_id, updatedAt: new Date() });
      unit.changes.push(alert.id);
    }
  }

  /** A patient moved: the screens of the wards she left and joined re-sync (a failure only delays that). */
  async announceWardsChanged(wardIds: readonly (string | null)[]): Promise<void> {
    try {
      await this.publisher.publishWardsChanged(wardIds);
    } catch (error) {
      this.logger.warn(`ward change broadcast failed (screens re-sync within a minute): ${String(error)}`);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Decisions from scored observation sets

  /** Applies what the newly assessed sets mean for the patient's alerts (inside the assessment's transaction). */
  async applyAssessment(manager: EntityManager, outcome: AssessmentOutcome, unit: AlertWork): Promise<void> {
    const { patientId } = outcome;
    const open = await this.openAlertsOf(manager, patientId);
    const latest = await manager.findOne(ObservationSetEntity, {
      where: { patientId, isCurrent: true },
      order: { effectiveAt: 'DESC', scoredAt: 'DESC' },
    });
    for (const set of outcome.sets) {
      unit.scores.push({
        patientId,
        wardId: set.wardId,
        setId: set.setId,
        effectiveAt: set.effectiveAt.toISOString(),
        chartId: set.chart.id,
        total: set.result.total,
        clinicalRisk: set.result.clinicalRisk,
        escalate: set.result.escalate,
        complete: set.result.complete,
        acceptedAt: set.acceptedAt.toISOString(),
      });
    }

    // An alert raised by observations that were entered in error is re-evaluated against what is left.
    const retracted = new Set(outcome.retractedSetIds);
    for (const alert of open) {
      if (
        alert.setId &&
        retracted.has(alert.setId) &&
        (alert.kind === 'deterioration' || alert.kind === 'concern')
      ) {
        const still = latest
          ? this.facts(latest)[alert.kind === 'deterioration' ? 'scoreEscalates' : 'concern']
          : false;
        if (still && latest) {
          await manager.update(AlertEntity, { id: alert.id }, { setId: latest.id, updatedAt: new Date() });
          unit.audit.push(
            this.auditOf(alert, 'alert.updated', {
              setId: latest.id,
              because: 'the set that raised it was entered in error',
            }),
          );
        } else {
          await this.applyCommand(
            manager,
            alert,
            { type: 'retract', reason: 'the observations that raised it were entered in error' },
            unit,
          );
        }
      }
    }

    if (!latest || !outcome.sets.some((set) => set.setId === latest.id)) return;
    // Each set newer than the patient's latest before this assessment decides in turn, oldest first: a worse later
    // set is a "worsened" step after the raise, never an edit of it.
    const deciding = outcome.sets.filter(
      (set) => !outcome.latestBefore || set.effectiveAt.getTime() >= outcome.latestBefore.getTime(),
    );
    for (const assessed of deciding) {
      const set =
        assessed.setId === latest.id
          ? latest
          : await manager.findOne(ObservationSetEntity, { where: { id: assessed.setId } });
      // Only the kinds a set decides: a prompt committed since the first read is not locked late, out of id order.
      if (set)
        await this.decideFromSet(
          manager,
          set,
          await this.openAlertsOf(manager, patientId, ['deterioration', 'concern']),
          unit,
        );
    }
    const openOf = (kind: AlertKind) =>
      open.find((alert) => alert.kind === kind && OPEN_STATES.includes(alert.state as AlertState));

    // A newer set than the one that was overdue answers the overdue alert; the same set re-scored (a late
    // reading, a corrected patient context) does not. Either way the next set's due time is watched.
    const overdue = openOf('overdue');
    if (overdue && this.answersOverdue(overdue, latest))
      await this.applyCommand(manager, overdue, { type: 'supersede', reason: 'observations recorded' }, unit);
    const interval = (latest.result as ScoreResult).response.observationIntervalMinutes;
    const ward = this.ward(latest.wardId);
    if (interval !== null && ward) {
      const due = new Date(
        latest.effectiveAt.getTime() + (interval + ward.escalation.overdueGraceMinutes) * 60_000,
      );
      unit.messages.push(outboxMessage(JobName.CheckOverdue, { patientId, setId: latest.id }, due));
    }
  }

  /**
   * Locks and reads a patient's open alerts in ascending id order, the one order every transaction locks alert rows
   * in (docs/architecture.md, "Lock order"): two transactions that both lock several of her alerts then never wait
   * for each other in a cycle. A second call in the same transaction names `kinds` that no other transaction locks
   * several of (deterioration, concern): a row another transaction committed meanwhile is then never one that a
   * prompt evaluation could hold while it waits for a row this transaction locked first.
   */
  private async openAlertsOf(
    manager: EntityManager,
    patientId: string,
    kinds?: readonly AlertKind[],
  ): Promise<AlertEntity[]> {
    return manager.find(AlertEntity, {
      where: { patientId, state: In([...OPEN_STATES]), ...(kinds ? { kind: In([...kinds]) } : {}) },
      lock: { mode: 'pessimistic_write' },
      order: { id: 'ASC' },
    });
  }

  /** What one newly scored set means for the patient's deterioration and concern alerts. */
  private async decideFromSet(
    manager: EntityManager,
    set: ObservationSetEntity,
    open: readonly AlertEntity[],
    unit: AlertWork,
  ): Promise<void> {
    const maxAgeMs = this.config.env.BEACON_ALERT_MAX_SET_AGE_HOURS * 3600_000;
    if (Date.now() - set.effectiveAt.getTime() > maxAgeMs) {
      if (set.escalate) {
        unit.audit.push({
          type: 'alert.not-raised',
          actor: { type: 'system', id: 'alerts' },
          patientId: set.patientId,
          wardId: set.wardId,
          details: {
            setId: set.id,
            because: `the observations were taken more than ${this.config.env.BEACON_ALERT_MAX_SET_AGE_HOURS} h ago`,
          },
        });
      }
      return;
    }
    const facts = this.facts(set);
    const chart = this.chartOf(set);
    const openOf = (kind: AlertKind) =>
      open.find((alert) => alert.kind === kind && OPEN_STATES.includes(alert.state as AlertState));
    await this.applyDecision(
      manager,
      'deterioration',
      decide(DETERIORATION_TABLE, this.snapshotOf(openOf('deterioration')), facts),
      openOf('deterioration'),
      set,
      facts,
      unit,
    );
    if (chart) {
      const concernResponse = responseFor(chart, chart.concern.response);
      const concernFacts = {
        ...facts,
        level: concernResponse.level,
        severity: chart.responses.indexOf(concernResponse),
      };
      await this.applyDecision(
        manager,
        'concern',
        decide(CONCERN_TABLE, this.snapshotOf(openOf('concern')), concernFacts),
        openOf('concern'),
        set,
        concernFacts,
        unit,
      );
    }
  }

  private answersOverdue(overdue: AlertEntity, latest: ObservationSetEntity): boolean {
    const lastSetAt = (overdue.detail as { lastSetAt?: unknown }).lastSetAt;
    return typeof lastSetAt === 'string'
      ? latest.effectiveAt.getTime() > Date.parse(lastSetAt)
      : latest.id !== overdue.setId;
  }

  private chartOf(set: ObservationSetEntity): ChartDefinition | undefined {
    return this.config.charts.find(set.chartId);
  }

  private facts(set: ObservationSetEntity): SetFacts {
    const result = set.result as ScoreResult;
    const chart = this.chartOf(set);
    const risk = chart?.riskLevels.find((level) => level.id === result.clinicalRisk);
    const severity = chart
      ? chart.responses.findIndex((response) => response.level === result.response.level)
      : 0;
    return {
      scoreEscalates: risk?.escalate ?? result.escalate,
      concern: result.concern,
      level: result.response.level,
      severity,
    };
  }

  private snapshotOf(alert: AlertEntity | undefined): AlertSnapshot | undefined {
    if (!alert) return undefined;
    return {
      kind: alert.kind as AlertKind,
      state: alert.state as AlertState,
      level: alert.level,
      severity: alert.severity,
      escalationStep: alert.escalationStep,
      improved: alert.improved,
      acknowledgedBy: alert.acknowledgedBy,
    };
  }

  private detailOf(set: ObservationSetEntity, level: string) {
    const result = set.result as ScoreResult;
    const chart = this.chartOf(set);
    const response = chart ? chart.responses.find((candidate) => candidate.level === level) : undefined;
    return {
      who: response?.who ?? result.response.who,
      reviewWithinMinutes: response?.reviewWithinMinutes ?? result.response.reviewWithinMinutes,
      responseVerification: response?.verification ?? 'unverified',
      total: result.total,
      complete: result.complete,
      missing: result.missing,
      concern: result.concern,
      chartVerification: set.chartVerification,
      patientGroup: set.patientGroup,
      groupAssumed: set.groupAssumed,
    };
  }

  private titleOf(kind: AlertKind, set: ObservationSetEntity | null): string {
    switch (kind) {
      case 'deterioration': {
        const result = set?.result as ScoreResult | undefined;
        return `${(set?.chartId ?? 'score').toUpperCase()} ${result?.total ?? ''}: ${result?.clinicalRisk ?? ''} risk`.trim();
      }
      case 'concern':
        return 'Worry or concern raised';
      case 'overdue':
        return 'Observations overdue';
      case 'processing-failure':
        return 'Processing failure';
      case 'prompt':
        return 'Pathway prompt';
    }
  }

  private async applyDecision(
    manager: EntityManager,
    kind: 'deterioration' | 'concern',
    decision: Decision,
    open: AlertEntity | undefined,
    set: ObservationSetEntity,
    facts: SetFacts,
    unit: AlertWork,
  ): Promise<void> {
    switch (decision.action) {
      case 'none':
        return;
      case 'raise':
        await this.raise(
          manager,
          {
            kind,
            patientId: set.patientId,
            wardId: set.wardId,
            level: facts.level,
            severity: facts.severity,
            clinicalRisk: (set.result as ScoreResult).clinicalRisk,
            set,
            reviewWithinMinutes: this.detailOf(set, facts.level).reviewWithinMinutes,
          },
          unit,
        );
        return;
      case 'worsen':
      case 'improve':
      case 'mark-improved':
      case 'refresh':
      case 'resolve': {
        if (!open) return;
        const command: AlertCommand =
          decision.action === 'worsen' || decision.action === 'improve'
            ? { type: decision.action, level: facts.level, severity: facts.severity }
            : decision.action === 'resolve'
              ? { type: 'resolve', reason: decision.reason }
              : { type: decision.action };
        await this.applyCommand(manager, open, command, unit, {
          setId: set.id,
          clinicalRisk: (set.result as ScoreResult).clinicalRisk,
          detail: this.detailOf(set, facts.level),
          ...(decision.action === 'worsen' || decision.action === 'refresh' || decision.action === 'improve'
            ? { title: this.titleOf(kind, set) }
            : {}),
        });
        return;
      }
    }
  }

  private async raise(
    manager: EntityManager,
    input: {
      kind: AlertKind;
      patientId: string | null;
      wardId: string | null;
      level: string;
      severity: number;
      clinicalRisk: string | null;
      set: ObservationSetEntity | null;
      reviewWithinMinutes: number | null;
      detail?: object;
      prompt?: { code: string; title: string; dueAt: Date | null };
    },
    unit: AlertWork,
  ): Promise<AlertEntity> {
    const now = new Date();
    const first = escalationStep(this.ladderOf(input.wardId), 0, input.reviewWithinMinutes);
    // A prompt is not an emergency: nobody is called and nothing climbs a ladder.
    const nextEscalationAt = input.prompt ? null : new Date(now.getTime() + first.waitMinutes * 60_000);
    const row = manager.create(AlertEntity, {
      patientId: input.patientId,
      wardId: input.wardId,
      kind: input.kind,
      promptCode: input.prompt?.code ?? '',
      dueAt: input.prompt?.dueAt ?? null,
      state: 'raised',
      level: input.level,
      severity: input.severity,
      clinicalRisk: input.clinicalRisk,
      chartId: input.set?.chartId ?? null,
      chartVersion: input.set?.chartVersion ?? null,
      setId: input.set?.id ?? null,
      title: input.prompt?.title ?? this.titleOf(input.kind, input.set),
      detail: input.detail ?? (input.set ? this.detailOf(input.set, input.level) : {}),
      improved: false,
      escalationStep: 0,
      raisedAt: now,
      nextEscalationAt,
      updatedAt: now,
    });
    await manager.insert(AlertEntity, row);
    unit.audit.push(
      this.auditOf(row, 'alert.raised', {
        kind: row.kind,
        level: row.level,
        clinicalRisk: row.clinicalRisk,
        setId: row.setId,
        chart: row.chartId ? { id: row.chartId, version: row.chartVersion } : null,
        ...(nextEscalationAt
          ? { with: first.who.label, escalatesAt: nextEscalationAt.toISOString() }
          : { prompt: row.promptCode, dueAt: iso(row.dueAt), detail: row.detail }),
      }),
    );
    if (nextEscalationAt)
      unit.messages.push(
        outboxMessage(JobName.EscalateAlert, { alertId: row.id, step: 0 }, nextEscalationAt),
      );
    unit.changes.push(row.id);
    return row;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Pathway prompts (decided by PromptsService)

  /** Raises a pathway prompt for a patient on her current ward (inside the caller's transaction). */
  async raisePrompt(
    manager: EntityManager,
    input: {
      patientId: string;
      wardId: string | null;
      code: string;
      title: string;
      dueAt: Date | null;
      action: string;
      detail: object;
    },
    unit: AlertWork,
  ): Promise<AlertEntity> {
    return this.raise(
      manager,
      {
        kind: 'prompt',
        patientId: input.patientId,
        wardId: input.wardId,
        level: input.action,
        severity: SEVERITY.prompt,
        clinicalRisk: null,
        set: null,
        reviewWithinMinutes: null,
        detail: input.detail,
        prompt: { code: input.code, title: input.title, dueAt: input.dueAt },
      },
      unit,
    );
  }

  /** A prompt's deadline or wording changed (a course started: the next dose's deadline). */
  async updatePrompt(
    manager: EntityManager,
    alert: AlertEntity,
    change: { title: string; dueAt: Date | null; detail: object },
    unit: AlertWork,
  ): Promise<void> {
    await manager.update(
      AlertEntity,
      { id: alert.id },
      { title: change.title, dueAt: change.dueAt, detail: change.detail, updatedAt: new Date() },
    );
    unit.audit.push(
      this.auditOf(alert, 'alert.updated', {
        prompt: alert.promptCode,
        from: iso(alert.dueAt),
        dueAt: iso(change.dueAt),
        title: change.title,
      }),
    );
    unit.changes.push(alert.id);
  }

  /** Closes a prompt: recorded, missed (with the reason), or withdrawn (superseded) as no longer indicated. */
  async closePrompt(
    manager: EntityManager,
    alert: AlertEntity,
    command: Extract<AlertCommand, { type: 'record' | 'miss' | 'supersede' }>,
    unit: AlertWork,
    extra: { commandId?: string; details?: Record<string, unknown> } = {},
  ): Promise<void> {
    await this.applyCommand(
      manager,
      alert,
      command,
      unit,
      extra.commandId ? { commandId: extra.commandId } : {},
      extra.details,
    );
  }

  private auditOf(
    alert: AlertEntity,
    type: AuditEntry['type'],
    details: Record<string, unknown>,
    actor?: Actor,
  ): AuditEntry {
    return {
      type,
      actor: actor ? { type: 'user', id: actor.id } : { type: 'system', id: 'alerts' },
      patientId: alert.patientId,
      alertId: alert.id,
      wardId: alert.wardId,
      details: {
        ...details,
        ...(actor
          ? { actor: { id: actor.id, name: actor.name, role: actor.role, device: actor.device } }
          : {}),
      },
    };
  }

  /** Applies one life-cycle command to a locked alert row: the pure transition decides, this writes it down. */
  private async applyCommand(
    manager: EntityManager,
    alert: AlertEntity,
    command: AlertCommand,
    unit: AlertWork,
    extra: {
      setId?: string;
      clinicalRisk?: string;
      detail?: object;
      title?: string;
      commandId?: string;
    } = {},
    moreDetails: Record<string, unknown> = {},
  ): Promise<AlertEntity> {
    const snapshot = this.snapshotOf(alert);
    if (!snapshot) throw new Error('no alert');
    const outcome = transition(snapshot, command);
    if (!outcome.ok) throw new AlertCommandError(409, outcome.reason);
    const now = new Date();
    const next = outcome.alert;
    const changes: Partial<AlertEntity> = {
      state: next.state,
      level: next.level,
      severity: next.severity,
      improved: next.improved,
      escalationStep: next.escalationStep,
      updatedAt: now,
      ...(extra.setId ? { setId: extra.setId } : {}),
      ...(extra.clinicalRisk ? { clinicalRisk: extra.clinicalRisk } : {}),
      ...(extra.detail ? { detail: extra.detail } : {}),
      ...(extra.title ? { title: extra.title } : {}),
    };
    const details: Record<string, unknown> = {
      from: alert.state,
      to: next.state,
      level: next.level,
      ...(extra.setId ? { setId: extra.setId } : {}),
      ...(extra.commandId ? { commandId: extra.commandId } : {}),
      ...moreDetails,
    };
    let actor: Actor | undefined;
    switch (command.type) {
      case 'acknowledge':
        actor = command.by;
        if (outcome.event === 'alert.acknowledged') {
          Object.assign(changes, {
            acknowledgedAt: now,
            acknowledgedBy: command.by.name ?? command.by.id,
            acknowledgedDevice: command.by.device ?? null,
            nextEscalationAt: null,
          });
          const secondsToAcknowledge = Math.round((now.getTime() - alert.raisedAt.getTime()) / 1000);
          details.secondsToAcknowledge = secondsToAcknowledge;
          this.metrics.acknowledgement.observe({ kind: alert.kind }, secondsToAcknowledge);
        }
        break;
      case 'respond':
        actor = command.by;
        Object.assign(changes, {
          response: command.response,
          responseReason: command.reason ?? null,
          respondedAt: now,
          respondedBy: command.by.name ?? command.by.id,
        });
        Object.assign(details, { response: command.response, reason: command.reason ?? null });
        if (next.state === 'resolved')
          Object.assign(changes, { closedAt: now, closedReason: `not required: ${command.reason ?? ''}` });
        if (command.response === 'escalating')
          details.escalatedTo = escalationStep(
            this.ladderOf(alert.wardId),
            next.escalationStep,
            null,
          ).who.label;
        break;
      case 'escalate': {
        const step = escalationStep(this.ladderOf(alert.wardId), next.escalationStep, null);
        const nextEscalationAt = new Date(now.getTime() + step.waitMinutes * 60_000);
        Object.assign(changes, { nextEscalationAt });
        Object.assign(details, {
          reason: command.reason,
          step: next.escalationStep,
          to: step.who.label,
          escalatesAgainAt: nextEscalationAt.toISOString(),
        });
        unit.messages.push(
          outboxMessage(
            JobName.EscalateAlert,
            { alertId: alert.id, step: next.escalationStep },
            nextEscalationAt,
          ),
        );
        break;
      }
      case 'worsen': {
        const first = escalationStep(
          this.ladderOf(alert.wardId),
          0,
          (extra.detail as { reviewWithinMinutes?: number | null } | undefined)?.reviewWithinMinutes ?? null,
        );
        const nextEscalationAt = new Date(now.getTime() + first.waitMinutes * 60_000);
        Object.assign(changes, {
          escalationStep: 0,
          acknowledgedAt: null,
          acknowledgedBy: null,
          acknowledgedDevice: null,
          nextEscalationAt,
        });
        unit.messages.push(
          outboxMessage(JobName.EscalateAlert, { alertId: alert.id, step: 0 }, nextEscalationAt),
        );
        break;
      }
      case 'resolve':
        actor = command.by;
        Object.assign(changes, { closedAt: now, closedReason: command.reason, nextEscalationAt: null });
        details.reason = command.reason;
        break;
      case 'supersede':
      case 'retract':
        Object.assign(changes, { closedAt: now, closedReason: command.reason, nextEscalationAt: null });
        details.reason = command.reason;
        break;
      case 'record':
      case 'miss':
        actor = command.by;
        Object.assign(changes, { closedAt: now, closedReason: command.reason, nextEscalationAt: null });
        Object.assign(details, { reason: command.reason, prompt: alert.promptCode, dueAt: iso(alert.dueAt) });
        break;
      case 'improve':
      case 'mark-improved':
      case 'refresh':
        break;
    }
    await manager.update(AlertEntity, { id: alert.id }, changes);
    Object.assign(alert, changes);
    if (outcome.event !== 'alert.unchanged' && outcome.event !== 'alert.acknowledged-again') {
      unit.audit.push(this.auditOf(alert, outcome.event as AuditEntry['type'], details, actor));
      unit.changes.push(alert.id);
    }
    if (command.type === 'respond' && command.response === 'escalating') {
      unit.audit.push(
        this.auditOf(
          alert,
          'alert.escalated',
          { reason: 'requested', step: next.escalationStep, to: details.escalatedTo },
          actor,
        ),
      );
    }
    return alert;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Staff commands

  /**
   * Acknowledge, respond, resolve: one transaction, the alert row locked. `mayAct` checks the actor's ward. A
   * command id makes a retried command (a handheld reconnecting) a no-op answered with the current state.
   */
  async command(
    alertId: string,
    actor: Actor,
    mayAct: (wardId: string | null) => boolean,
    command:
      | { type: 'acknowledge' }
      | { type: 'respond'; response: AlertResponse; reason?: string }
      | { type: 'resolve'; reason?: string },
    commandId?: string,
  ): Promise<AlertView> {
    await this.inTransaction(async (manager, unit) => {
      const alert = await manager.findOne(AlertEntity, {
        where: { id: alertId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!alert) throw new AlertCommandError(404, `alert ${alertId} does not exist`);
      if (!mayAct(alert.wardId))
        throw new AlertCommandError(
          403,
          `you may not act on alerts of ward ${alert.wardId ?? '(unassigned)'}`,
        );
      if (commandId) {
        const [seen] = await manager.query<unknown[]>(
          `SELECT 1 FROM audit_event WHERE alert_id = $1 AND details->>'commandId' = $2 LIMIT 1`,
          [alertId, commandId],
        );
        if (seen) return;
      }
      const full: AlertCommand =
        command.type === 'acknowledge'
          ? { type: 'acknowledge', by: actor }
          : command.type === 'respond'
            ? {
                type: 'respond',
                by: actor,
                response: command.response,
                ...(command.reason ? { reason: command.reason } : {}),
              }
            : { type: 'resolve', by: actor, reason: command.reason ?? 'reviewed' };
      await this.applyCommand(manager, alert, full, unit, commandId ? { commandId } : {});
    });
    const [view] = await this.views(this.dataSource.manager, [alertId]);
    if (!view) throw new AlertCommandError(404, `alert ${alertId} does not exist`);
    return view;
  }

  async note(
    alertId: string,
    actor: Actor,
    mayAct: (wardId: string | null) => boolean,
    text: string,
  ): Promise<void> {
    await this.inTransaction(async (manager, unit) => {
      const alert = await manager.findOne(AlertEntity, { where: { id: alertId } });
      if (!alert) throw new AlertCommandError(404, `alert ${alertId} does not exist`);
      if (!mayAct(alert.wardId))
        throw new AlertCommandError(
          403,
          `you may not act on alerts of ward ${alert.wardId ?? '(unassigned)'}`,
        );
      unit.audit.push(this.auditOf(alert, 'alert.noted', { text }, actor));
    });
  }

  /**
   * A midwife or coordinator raises a worry about a patient (from a handheld). Worry escalates by itself (Martha's
   * Rule): a concern alert at the chart's concern response, or, when one is already open, a note on it. A command
   * id makes a retried command a no-op.
   */
  async raiseConcern(
    patientId: string,
    actor: Actor,
    mayAct: (wardId: string | null) => boolean,
    note: string | undefined,
    commandId?: string,
  ): Promise<AlertView> {
    const alertId = await this.inTransaction(async (manager, unit) => {
      const [patient] = await manager.query<{ ward_id: string | null }[]>(
        'SELECT ward_id FROM patient WHERE id = $1 FOR UPDATE',
        [patientId],
      );
      if (!patient) throw new AlertCommandError(404, `patientId: patient ${patientId} does not exist`);
      const wardId = patient.ward_id;
      if (!mayAct(wardId))
        throw new AlertCommandError(403, `you may not raise concerns on ward ${wardId ?? '(unassigned)'}`);
      if (commandId) {
        const [seen] = await manager.query<{ alert_id: string }[]>(
          `SELECT alert_id FROM audit_event WHERE patient_id = $1 AND type = 'concern.raised' AND details->>'commandId' = $2 LIMIT 1`,
          [patientId, commandId],
        );
        if (seen) return seen.alert_id;
      }
      const details = { note: note ?? null, ...(commandId ? { commandId } : {}) };
      const open = await manager.findOne(AlertEntity, {
        where: { patientId, kind: 'concern', state: In([...OPEN_STATES]) },
        lock: { mode: 'pessimistic_write' },
      });
      if (open) {
        unit.audit.push(this.auditOf(open, 'concern.raised', { ...details, alreadyOpen: true }, actor));
        return open.id;
      }
      const latest = await manager.findOne(ObservationSetEntity, {
        where: { patientId, isCurrent: true },
        order: { effectiveAt: 'DESC', scoredAt: 'DESC' },
      });
      const ward = this.ward(wardId);
      const chart = latest
        ? this.chartOf(latest)
        : ward
          ? this.config.charts.get(ward.charts[ward.defaultGroup])
          : undefined;
      const response = chart ? responseFor(chart, chart.concern.response) : undefined;
      const row = await this.raise(
        manager,
        {
          kind: 'concern',
          patientId,
          wardId,
          level: response?.level ?? 'concern',
          severity: chart && response ? chart.responses.indexOf(response) : 0,
          clinicalRisk: null,
          set: null,
          reviewWithinMinutes: response?.reviewWithinMinutes ?? null,
          detail: {
            who: response?.who ?? this.ladderOf(wardId)[0]?.label ?? 'Midwife in charge',
            reviewWithinMinutes: response?.reviewWithinMinutes ?? null,
            responseVerification: response?.verification ?? 'unverified',
            concern: true,
            raisedBy: { id: actor.id, name: actor.name ?? null, role: actor.role ?? null },
            note: note ?? null,
          },
        },
        unit,
      );
      unit.audit.push(this.auditOf(row, 'concern.raised', details, actor));
      return row.id;
    });
    const [view] = await this.views(this.dataSource.manager, [alertId]);
    if (!view) throw new AlertCommandError(404, `alert ${alertId} does not exist`);
    return view;
  }

  /** A screen showed an alert (at an escalation step): the timeline's "delivered to N screens". */
  async recordDelivery(
    alertId: string,
    screen: { id: string; userId: string; role: string },
    step: number,
    maySee: (wardId: string | null) => boolean,
  ): Promise<void> {
    const alert = await this.dataSource.manager.findOne(AlertEntity, { where: { id: alertId } });
    if (!alert) throw new AlertCommandError(404, `alertId: alert ${alertId} does not exist`);
    if (!maySee(alert.wardId))
      throw new AlertCommandError(403, `you may not see ward ${alert.wardId ?? '(unassigned)'}`);
    await this.inTransaction((_manager, unit) => {
      unit.audit.push({
        type: 'alert.delivered',
        actor: { type: 'user', id: screen.userId },
        patientId: alert.patientId,
        alertId: alert.id,
        wardId: alert.wardId,
        details: { screen: screen.id, role: screen.role, step },
      });
      return Promise.resolve();
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Timers

  /** An escalation timer fired: escalate if the alert is still unacknowledged at that step (no-op otherwise). */
  async escalate(alertId: string, step: number): Promise<'escalated' | 'not-due' | 'no-longer-needed'> {
    return this.inTransaction(async (manager, unit) => {
      const alert = await manager.findOne(AlertEntity, {
        where: { id: alertId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!alert || alert.state !== 'raised' || alert.escalationStep !== step || !alert.nextEscalationAt)
        return 'no-longer-needed';
      if (alert.nextEscalationAt.getTime() > Date.now() + TOLERANCE_MS) return 'not-due';
      await this.applyCommand(manager, alert, { type: 'escalate', reason: 'timeout' }, unit);
      return 'escalated';
    });
  }

  /** The next observations were due: raise an overdue alert if no newer set has arrived and none is open. */
  async checkOverdue(patientId: string, setId: string): Promise<'raised' | 'not-overdue'> {
    return this.inTransaction(async (manager, unit) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`patient:${patientId}`]);
      const latest = await manager.findOne(ObservationSetEntity, {
        where: { patientId, isCurrent: true },
        order: { effectiveAt: 'DESC', scoredAt: 'DESC' },
      });
      const [patient] = await manager.query<{ ward_id: string | null }[]>(
        'SELECT ward_id FROM patient WHERE id = $1',
        [patientId],
      );
      const ward = this.ward(patient?.ward_id ?? null);
      if (!latest || latest.id !== setId || !ward) return 'not-overdue';
      const interval = (latest.result as ScoreResult).response.observationIntervalMinutes;
      if (interval === null) return 'not-overdue';
      const due = latest.effectiveAt.getTime() + (interval + ward.escalation.overdueGraceMinutes) * 60_000;
      if (due > Date.now() + TOLERANCE_MS) return 'not-overdue';
      const open = await manager.findOne(AlertEntity, {
        where: { patientId, kind: 'overdue', state: In([...OPEN_STATES]) },
      });
      if (open) return 'not-overdue';
      await this.raise(
        manager,
        {
          kind: 'overdue',
          patientId,
          wardId: ward.id,
          level: 'overdue',
          severity: SEVERITY.overdue,
          clinicalRisk: latest.clinicalRisk,
          set: latest,
          reviewWithinMinutes: null,
          detail: {
            who: 'The midwife or nurse caring for the patient takes observations now',
            dueAt: new Date(due).toISOString(),
            lastSetAt: latest.effectiveAt.toISOString(),
            intervalMinutes: interval,
            responseVerification: 'unverified',
          },
        },
        unit,
      );
      return 'raised';
    });
  }

  /** Safety net: timers whose job never ran (lost with Redis data) are found in PostgreSQL and run now. */
  async sweep(): Promise<{ escalated: number; overdue: number }> {
    const late = await this.dataSource.query<{ id: string; escalation_step: number }[]>(
      `SELECT id, escalation_step FROM alert WHERE state = 'raised' AND next_escalation_at < now() - interval '2 seconds' ORDER BY next_escalation_at LIMIT 100`,
    );
    let escalated = 0;
    for (const alert of late)
      if ((await this.escalate(alert.id, alert.escalation_step)) === 'escalated') escalated += 1;
    const candidates = await this.dataSource.query<{ patient_id: string; set_id: string }[]>(
      `SELECT DISTINCT ON (s.patient_id) s.patient_id, s.id AS set_id FROM observation_set s
       JOIN patient p ON p.id = s.patient_id AND p.ward_id IS NOT NULL
       WHERE s.is_current AND s.effective_at > now() - interval '7 days'
         AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.patient_id = s.patient_id AND a.kind = 'overdue' AND a.state IN ('raised', 'acknowledged', 'attending'))
       ORDER BY s.patient_id, s.effective_at DESC, s.scored_at DESC LIMIT 500`,
    );
    let overdue = 0;
    for (const candidate of candidates)
      if ((await this.checkOverdue(candidate.patient_id, candidate.set_id)) === 'raised') overdue += 1;
    return { escalated, overdue };
  }

  /** A job failed for good: an operational alarm coordinators see, never a silent drop. */
  async recordProcessingFailure(
    job: { name: string; id?: string | undefined; data: unknown },
    error: Error,
  ): Promise<void> {
    const data = (job.data ?? {}) as { patientId?: unknown };
    const patientId = typeof data.patientId === 'string' ? data.patientId : null;
    await this.inTransaction(async (manager, unit) => {
      const [patient] = patientId
        ? await manager.query<{ ward_id: string | null }[]>('SELECT ward_id FROM patient WHERE id = $1', [
            patientId,
          ])
        : [];
      const wardId = patient?.ward_id ?? null;
      const details = { job: job.name, jobId: job.id ?? null, error: error.message.slice(0, 500) };
      unit.audit.push({
        type: 'processing.failed',
        actor: { type: 'system', id: 'worker' },
        patientId,
        wardId,
        details,
      });
      const open = patientId
        ? await manager.findOne(AlertEntity, {
            where: { patientId, kind: 'processing-failure', state: In([...OPEN_STATES]) },
          })
        : null;
      if (open) return;
      await this.raise(
        manager,
        {
          kind: 'processing-failure',
          patientId,
          wardId,
          level: 'processing-failure',
          severity: SEVERITY['processing-failure'],
          clinicalRisk: null,
          set: null,
          reviewWithinMinutes: null,
          detail: {
            who: 'Ward coordinator: check this patient’s recent observations by hand; IT support is informed',
            ...details,
            responseVerification: 'unverified',
          },
        },
        unit,
      );
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Reading

  async openAlerts(wardId: string | null): Promise<AlertView[]> {
    const rows = await this.dataSource.manager.find(AlertEntity, {
      where: { wardId: wardId === null ? IsNull() : wardId, state: In([...OPEN_STATES]) },
      select: { id: true },
    });
    const views = await this.views(
      this.dataSource.manager,
      rows.map((row) => row.id),
    );
    return views.sort((a, b) => a.severity - b.severity || a.raisedAt.localeCompare(b.raisedAt));
  }

  async view(alertId: string): Promise<AlertView | undefined> {
    return (await this.views(this.dataSource.manager, [alertId]))[0];
  }

  async views(manager: EntityManager, ids: readonly string[]): Promise<AlertView[]> {
    if (ids.length === 0) return [];
    const rows = await manager.find(AlertEntity, { where: { id: In([...ids]) } });
    const labels = await this.record.patientLabels(
      manager,
      rows.flatMap((row) => (row.patientId ? [row.patientId] : [])),
    );
    return rows.map((row) => {
      const detail = row.detail as {
        who?: string;
        reviewWithinMinutes?: number | null;
        responseVerification?: string;
        total?: number;
        chartVerification?: string;
      };
      const prompt = row.kind === 'prompt' ? (row.detail as PromptDetail) : undefined;
      const label = row.patientId ? labels.get(row.patientId) : undefined;
      const ladder = this.ladderOf(row.wardId);
      return {
        id: row.id,
        kind: row.kind as AlertKind,
        state: row.state as AlertState,
        wardId: row.wardId,
        patient: row.patientId
          ? { id: row.patientId, initials: label?.initials ?? '?', bed: label?.bed ?? null }
          : null,
        title: row.title,
        level: row.level,
        severity: row.severity,
        clinicalRisk: row.clinicalRisk,
        chart: row.chartId
          ? {
              id: row.chartId,
              version: row.chartVersion ?? '',
              verification: detail.chartVerification ?? 'unverified',
            }
          : null,
        response: detail.who
          ? {
              who: detail.who,
              reviewWithinMinutes: detail.reviewWithinMinutes ?? null,
              verification: detail.responseVerification ?? 'unverified',
            }
          : null,
        total: detail.total ?? null,
        improved: row.improved,
        escalation: {
          step: row.escalationStep,
          withRole: ladder.length > 0 ? escalationStep(ladder, row.escalationStep, null).who.label : '',
          nextAt: iso(row.nextEscalationAt),
        },
        raisedAt: row.raisedAt.toISOString(),
        acknowledged: row.acknowledgedAt
          ? {
              by: row.acknowledgedBy ?? '',
              at: row.acknowledgedAt.toISOString(),
              device: row.acknowledgedDevice,
            }
          : null,
        responded:
          row.response && row.respondedAt
            ? {
                response: row.response as AlertResponse,
                reason: row.responseReason,
                at: row.respondedAt.toISOString(),
                by: row.respondedBy ?? '',
              }
            : null,
        closed: row.closedAt ? { at: row.closedAt.toISOString(), reason: row.closedReason ?? '' } : null,
        setId: row.setId,
        prompt: prompt
          ? {
              code: row.promptCode,
              pathway: prompt.pathway,
              action: prompt.action,
              text: prompt.text,
              dueAt: iso(row.dueAt),
              ruleSet: prompt.ruleSet,
              source: prompt.source,
              verification: prompt.verification,
              staffMayRecord: prompt.staffMayRecord,
            }
          : null,
        updatedAt: row.updatedAt.toISOString(),
      };
    });
  }
}
