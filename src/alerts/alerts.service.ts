import type { OnModuleInit } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { AuditEntry } from '../audit/audit.types';
import { AppConfig } from '../config/app-config';
import { HttpError } from '../http/http-error';
import { BeaconMetrics } from '../metrics/beacon-metrics';
import type { OutboxMessage } from '../queue/outbox';
import { OutboxWriter, outboxMessage } from '../queue/outbox';
import { OutboxRelay } from '../queue/outbox-relay';
import { JobName } from '../queue/queue.constants';
import type { ObservationSetEntity } from '../assessment/persistence/observation-set.entity';
import type { AlertChange, ScoreChange } from './alert-publisher';
import { AlertPublisher } from './alert-publisher';
import type { CommandExtra } from './alert-effects';
import { commandEffects } from './alert-effects';
import { SEVERITY, auditOf, detailOf, iso, ladderOf, snapshotOf, titleOf } from './alert-facts';
import { AlertRepository } from './alert.repository';
import { AlertViews } from './alert-views';
import type { AlertCommand, AlertKind } from './domain/alert';
import { transition } from './domain/alert';
import { escalationStep } from './domain/escalation-ladder';
import type { AlertEntity } from './persistence/alert.entity';

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

/** What raising an alert needs: its kind, patient and ward, level, and the set (or prompt) behind it. */
export interface RaiseInput {
  readonly kind: AlertKind;
  readonly patientId: string | null;
  readonly wardId: string | null;
  readonly level: string;
  readonly severity: number;
  readonly clinicalRisk: string | null;
  readonly set: ObservationSetEntity | null;
  readonly reviewWithinMinutes: number | null;
  readonly detail?: object;
  readonly prompt?: { code: string; title: string; dueAt: Date | null };
}

/**
 * The escalation life cycle's core: the transaction every change runs in (audit and outbox written in it, screens
 * told after commit), raising an alert and applying a life-cycle command to a locked row (the pure transition
 * decides, this writes it down), prompts for src/prompts, and alerts following a patient who moved. Decisions from
 * scored sets are AlertDecisions, staff commands StaffCommands, timers AlertTimers.
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
    private readonly repository: AlertRepository,
    private readonly alertViews: AlertViews,
    private readonly publisher: AlertPublisher,
    private readonly metrics: BeaconMetrics,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge(
      'beacon_open_alerts',
      'Open alerts (raised, acknowledged or attending), by kind and level.',
      ['kind', 'level'],
      async () =>
        (await this.repository.openCounts()).map((row) => ({
          labels: { kind: row.kind, level: row.level },
          value: row.count,
        })),
    );
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
      const views = await this.alertViews.views(this.repository.reader, [...new Set(unit.changes)]);
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
    const patient = await this.repository.wardOfPatient(manager, patientId);
    if (!patient) return;
    for (const alert of await this.repository.openOfPatient(manager, patientId)) {
      if (alert.wardId === patient.wardId) continue;
      unit.audit.push(auditOf(alert, 'alert.moved', { from: alert.wardId, to: patient.wardId }));
      await this.repository.update(manager, alert.id, { wardId: patient.wardId, updatedAt: new Date() });
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

  /** Raises an alert: audited, with its first escalation timer (none for a prompt: nobody is called). */
  async raise(manager: EntityManager, input: RaiseInput, unit: AlertWork): Promise<AlertEntity> {
    const now = new Date();
    const first = escalationStep(ladderOf(this.config, input.wardId), 0, input.reviewWithinMinutes);
    const nextEscalationAt = input.prompt ? null : new Date(now.getTime() + first.waitMinutes * 60_000);
    const row = await this.repository.insert(manager, {
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
      title: input.prompt?.title ?? titleOf(input.kind, input.set),
      detail: input.detail ?? (input.set ? detailOf(this.config, input.set, input.level) : {}),
      improved: false,
      escalationStep: 0,
      raisedAt: now,
      nextEscalationAt,
      updatedAt: now,
    });
    unit.audit.push(
      auditOf(row, 'alert.raised', {
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

  /** Applies one life-cycle command to a locked alert row: the pure transition decides, this writes it down. */
  async applyCommand(
    manager: EntityManager,
    alert: AlertEntity,
    command: AlertCommand,
    unit: AlertWork,
    extra: CommandExtra = {},
  ): Promise<AlertEntity> {
    const snapshot = snapshotOf(alert);
    if (!snapshot) throw new Error('no alert');
    const outcome = transition(snapshot, command);
    if (!outcome.ok) throw new AlertCommandError(409, outcome.reason);
    const effects = commandEffects(
      alert,
      command,
      { next: outcome.alert, event: outcome.event },
      ladderOf(this.config, alert.wardId),
      new Date(),
      extra,
    );
    if (effects.secondsToAcknowledge !== undefined)
      this.metrics.acknowledgement.observe({ kind: alert.kind }, effects.secondsToAcknowledge);
    unit.messages.push(...effects.messages);
    await this.repository.update(manager, alert.id, effects.changes);
    Object.assign(alert, effects.changes);
    if (outcome.event !== 'alert.unchanged' && outcome.event !== 'alert.acknowledged-again') {
      unit.audit.push(auditOf(alert, outcome.event as AuditEntry['type'], effects.details, effects.actor));
      unit.changes.push(alert.id);
    }
    if (command.type === 'respond' && command.response === 'escalating') {
      unit.audit.push(
        auditOf(
          alert,
          'alert.escalated',
          { reason: 'requested', step: outcome.alert.escalationStep, to: effects.details.escalatedTo },
          effects.actor,
        ),
      );
    }
    return alert;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Pathway prompts (decided by src/prompts)

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
    await this.repository.update(manager, alert.id, {
      title: change.title,
      dueAt: change.dueAt,
      detail: change.detail,
      updatedAt: new Date(),
    });
    unit.audit.push(
      auditOf(alert, 'alert.updated', {
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
    await this.applyCommand(manager, alert, command, unit, {
      ...(extra.commandId ? { commandId: extra.commandId } : {}),
      ...(extra.details ? { details: extra.details } : {}),
    });
  }
}
