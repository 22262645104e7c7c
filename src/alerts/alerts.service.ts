import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '../audit/audit.types';
import { PatientStore } from '../clinical-record/patient.store';
import { AppConfig } from '../config/app-config';
import type { UnitOfWork } from '../database/unit-of-work';
import { HttpError } from '../http/http-error';
import { BeaconMetrics } from '../metrics/beacon-metrics';
import { outboxMessage } from '../queue/outbox';
import { JobName } from '../queue/queue.constants';
import type { ObservationSetEntity } from '../assessment/persistence/observation-set.entity';
import { AlertBroadcast } from './alert-broadcast';
import { auditOf, detailOf, iso, ladderOf, snapshotOf, titleOf } from './alert-facts';
import { AlertRepository } from './alert.repository';
import type { AlertCommand, AlertKind } from './domain/alert';
import { QUIET_EVENTS, transition } from './domain/alert';
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

/** What raising an alert needs: its kind, patient and ward, level, and the set (or prompt) behind it, if any. */
export interface RaiseInput {
  readonly kind: AlertKind;
  readonly patientId: string | null;
  readonly wardId: string | null;
  readonly level: string;
  readonly severity: number;
  readonly clinicalRisk?: string | null;
  readonly set?: ObservationSetEntity | null;
  readonly reviewWithinMinutes?: number | null;
  readonly detail?: object;
  readonly prompt?: { code: string; title: string; dueAt: Date | null };
}

/**
 * The escalation life cycle's core, inside the caller's unit of work (src/database/unit-of-work.ts): raising an
 * alert, applying a life-cycle command to a locked row (the pure transition decides, this writes it down), changes
 * outside the life cycle, and alerts following a patient who moved; every change is audited and broadcast after the
 * commit (AlertBroadcast). Decisions from scored sets are AlertDecisions, staff commands StaffCommands, timers
 * AlertTimers, prompts src/prompts.
 */
@Injectable()
export class AlertsService implements OnModuleInit {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: AlertRepository,
    private readonly broadcast: AlertBroadcast,
    private readonly metrics: BeaconMetrics,
    private readonly patients: PatientStore,
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

  /** The alerts a unit of work changed so far (what it will broadcast after its commit). */
  changedIn(unit: UnitOfWork): readonly string[] {
    return unit.handedTo(this.broadcast);
  }

  /**
   * A patient moved: her open alerts go with her to her new ward (its screens, its escalation ladder), audited, inside
   * the assessment's transaction.
   */
  async followPatient(manager: EntityManager, patientId: string, unit: UnitOfWork): Promise<void> {
    const patient = await this.patients.wardOfPatient(manager, patientId);
    if (!patient) return;
    for (const alert of await this.repository.openOfPatient(manager, patientId)) {
      if (alert.wardId === patient.wardId) continue;
      await this.amend(
        manager,
        alert,
        { wardId: patient.wardId },
        { type: 'alert.moved', details: { from: alert.wardId, to: patient.wardId } },
        unit,
      );
    }
  }

  /** A change outside the life cycle (her ward, a prompt's deadline or wording): written, audited, broadcast. */
  async amend(
    manager: EntityManager,
    alert: AlertEntity,
    changes: Partial<AlertEntity>,
    audit: { type: AuditEntry['type']; details: Record<string, unknown> },
    unit: UnitOfWork,
  ): Promise<void> {
    unit.audit.push(auditOf(alert, audit.type, audit.details));
    await this.repository.update(manager, alert.id, { ...changes, updatedAt: new Date() });
    unit.after(this.broadcast, alert.id);
  }

  /** Raises an alert: audited, with its first escalation timer (none for a prompt: nobody is called). */
  async raise(manager: EntityManager, input: RaiseInput, unit: UnitOfWork): Promise<AlertEntity> {
    const now = new Date();
    const first = escalationStep(ladderOf(this.config, input.wardId), 0, input.reviewWithinMinutes ?? null);
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
      clinicalRisk: input.clinicalRisk ?? null,
      chartId: input.set?.chartId ?? null,
      chartVersion: input.set?.chartVersion ?? null,
      setId: input.set?.id ?? null,
      title: input.prompt?.title ?? titleOf(input.kind, input.set ?? null),
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
    unit.after(this.broadcast, row.id);
    return row;
  }

  /** Applies one life-cycle command to a locked alert row: the pure transition decides, this writes it down. */
  async applyCommand(
    manager: EntityManager,
    alert: AlertEntity,
    command: AlertCommand,
    unit: UnitOfWork,
    extra: CommandExtra = {},
  ): Promise<AlertEntity> {
    const now = new Date();
    const outcome = transition(snapshotOf(alert), command, {
      now,
      ladder: ladderOf(this.config, alert.wardId),
    });
    if (!outcome.ok) throw new AlertCommandError(409, outcome.reason);
    const { alert: next, event } = outcome;
    if (outcome.secondsToAcknowledge !== undefined)
      this.metrics.acknowledgement.observe({ kind: alert.kind }, outcome.secondsToAcknowledge);
    if (outcome.timer) {
      const { step, at } = outcome.timer;
      unit.messages.push(outboxMessage(JobName.EscalateAlert, { alertId: alert.id, step }, at));
    }
    const changes: Partial<AlertEntity> = {
      ...{ state: next.state, level: next.level, severity: next.severity, improved: next.improved },
      ...{ escalationStep: next.escalationStep, updatedAt: now, ...rowChangesOf(extra), ...outcome.stamps },
    };
    const details = { from: alert.state, to: next.state, level: next.level, ...auditIdsOf(extra) };
    await this.repository.update(manager, alert.id, changes);
    Object.assign(alert, changes);
    if (QUIET_EVENTS.includes(event)) return alert;
    unit.audit.push(
      auditOf(alert, event as AuditEntry['type'], { ...details, ...outcome.details }, outcome.actor),
    );
    if (outcome.also)
      unit.audit.push(auditOf(alert, outcome.also.event, outcome.also.details, outcome.actor));
    unit.after(this.broadcast, alert.id);
    return alert;
  }
}

/** What a change carries besides the command: the set behind it, its score's detail and title, the command id. */
export interface CommandExtra {
  readonly setId?: string;
  readonly clinicalRisk?: string;
  readonly detail?: object;
  readonly title?: string;
  readonly commandId?: string;
  /** More audit details (a prompt outcome's note, a referral). */
  readonly details?: Record<string, unknown>;
}

const rowChangesOf = ({ setId, clinicalRisk, detail, title }: CommandExtra): Partial<AlertEntity> => ({
  ...(setId ? { setId } : {}),
  ...(clinicalRisk ? { clinicalRisk } : {}),
  ...(detail ? { detail } : {}),
  ...(title ? { title } : {}),
});

const auditIdsOf = ({ setId, commandId, details }: CommandExtra): Record<string, unknown> => ({
  ...(setId ? { setId } : {}),
  ...(commandId ? { commandId } : {}),
  ...details,
});
