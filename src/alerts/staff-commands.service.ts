import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ObservationSetRepository } from '../assessment/observation-set.repository';
import { AuditEventRepository } from '../audit/persistence/audit-event.repository';
import { PatientStore } from '../clinical-record/patient.store';
import { AppConfig } from '../config/app-config';
import type { UnitOfWork } from '../database/unit-of-work';
import { Transactions } from '../database/unit-of-work';
import { responseFor } from '../scoring';
import type { AlertView } from '../contracts/alert.view';
import { AlertRepository } from './alert.repository';
import { AlertViews } from './alert-views';
import { auditOf, chartOf, ladderOf } from './alert-facts';
import type { WardCheck } from '../auth/command-preamble';
import { commandPreamble } from '../auth/command-preamble';
import { AlertCommandError, AlertsService } from './alerts.service';
import type { Actor, AlertCommand, AlertResponse } from './domain/alert';
import type { AlertEntity } from './persistence/alert.entity';

/** A staff command as the REST API and the socket take it (the actor is added from the session). */
export type StaffCommand =
  | { type: 'acknowledge' }
  | { type: 'respond'; response: AlertResponse; reason?: string }
  | { type: 'resolve'; reason?: string };

/**
 * Staff commands from handhelds and the REST API: acknowledge, respond, resolve, a note, a worry raised about a
 * patient. One transaction each, audited, broadcast after commit (a screen's delivery receipt is the gateway's
 * DeliveryReceipts, on the same preamble).
 */
@Injectable()
export class StaffCommands {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly repository: AlertRepository,
    private readonly sets: ObservationSetRepository,
    private readonly alerts: AlertsService,
    private readonly views: AlertViews,
    private readonly patients: PatientStore,
    private readonly audit: AuditEventRepository,
  ) {}

  /** The alert a command acts on, locked, after the preamble; `seen`: the command id was already carried out. */
  async alertForCommand(
    manager: EntityManager,
    alertId: string,
    mayAct: WardCheck,
    options: { commandId?: string | undefined; check?: (alert: AlertEntity) => void; field?: string } = {},
  ): Promise<{ alert: AlertEntity; seen: boolean }> {
    const { commandId } = options;
    const { row, seen } = await commandPreamble({
      load: () => this.repository.byId(manager, alertId, 'write'),
      notFound: `${options.field ?? ''}alert ${alertId} does not exist`,
      mayAct,
      forbidden: (ward) => `you may not act on alerts of ward ${ward}`,
      ...(options.check ? { check: options.check } : {}),
      ...(commandId ? { seen: () => this.audit.commandSeen(manager, alertId, commandId) } : {}),
    });
    return { alert: row, seen: seen === true };
  }

  /** Acknowledge, respond, resolve: one transaction, the alert row locked; a retried command id is a no-op. */
  async command(
    alertId: string,
    actor: Actor,
    mayAct: WardCheck,
    command: StaffCommand,
    commandId?: string,
  ): Promise<AlertView> {
    await this.transactions.run(async (manager, unit) => {
      const { alert, seen } = await this.alertForCommand(manager, alertId, mayAct, { commandId });
      if (seen) return;
      await this.alerts.applyCommand(
        manager,
        alert,
        withActor(command, actor),
        unit,
        commandId ? { commandId } : {},
      );
    });
    return this.viewOf(alertId, '');
  }

  async note(alertId: string, actor: Actor, mayAct: WardCheck, text: string): Promise<void> {
    await this.transactions.run(async (manager, unit) => {
      const { alert } = await this.alertForCommand(manager, alertId, mayAct);
      unit.audit.push(auditOf(alert, 'alert.noted', { text }, actor));
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
    mayAct: WardCheck,
    note: string | undefined,
    commandId?: string,
  ): Promise<AlertView> {
    const alertId = await this.transactions.run(async (manager, unit) => {
      const { row: patient, seen } = await commandPreamble({
        load: () => this.patients.wardOfPatient(manager, patientId, 'write'),
        notFound: `patientId: patient ${patientId} does not exist`,
        mayAct,
        forbidden: (ward) => `you may not raise concerns on ward ${ward}`,
        ...(commandId ? { seen: () => this.audit.concernRaisedBy(manager, patientId, commandId) } : {}),
      });
      if (seen) return seen;
      const details = { note: note ?? null, ...(commandId ? { commandId } : {}) };
      const open = await this.repository.openOfKind(manager, patientId, 'concern', 'write');
      if (open) {
        unit.audit.push(auditOf(open, 'concern.raised', { ...details, alreadyOpen: true }, actor));
        return open.id;
      }
      const row = await this.raiseConcernAlert(manager, patientId, patient.wardId, actor, note, unit);
      unit.audit.push(auditOf(row, 'concern.raised', details, actor));
      return row.id;
    });
    return this.viewOf(alertId, '');
  }

  /** A concern alert at the concern response of the chart of her newest set (or her ward's default chart). */
  private async raiseConcernAlert(
    manager: EntityManager,
    patientId: string,
    wardId: string | null,
    actor: Actor,
    note: string | undefined,
    unit: UnitOfWork,
  ): Promise<AlertEntity> {
    const latest = await this.sets.latestSet(manager, patientId);
    const ward = this.config.ward(wardId);
    const chart = latest
      ? chartOf(this.config, latest)
      : ward
        ? this.config.charts.get(ward.charts[ward.defaultGroup])
        : undefined;
    const response = chart ? responseFor(chart, chart.concern.response) : undefined;
    return this.alerts.raise(
      manager,
      {
        kind: 'concern',
        patientId,
        wardId,
        level: response?.level ?? 'concern',
        severity: chart && response ? chart.responses.indexOf(response) : 0,
        reviewWithinMinutes: response?.reviewWithinMinutes ?? null,
        detail: {
          who: response?.who ?? ladderOf(this.config, wardId)[0]?.label ?? 'Midwife in charge',
          reviewWithinMinutes: response?.reviewWithinMinutes ?? null,
          responseVerification: response?.verification ?? 'unverified',
          concern: true,
          raisedBy: { id: actor.id, name: actor.name ?? null, role: actor.role ?? null },
          note: note ?? null,
        },
      },
      unit,
    );
  }

  /** The alert's view after a command (404 if it vanished). */
  async viewOf(alertId: string, field: string): Promise<AlertView> {
    const view = await this.views.view(alertId);
    if (!view) throw new AlertCommandError(404, `${field}alert ${alertId} does not exist`);
    return view;
  }
}

function withActor(command: StaffCommand, by: Actor): AlertCommand {
  switch (command.type) {
    case 'acknowledge':
      return { type: 'acknowledge', by };
    case 'respond':
      return {
        type: 'respond',
        by,
        response: command.response,
        ...(command.reason ? { reason: command.reason } : {}),
      };
    case 'resolve':
      return { type: 'resolve', by, reason: command.reason ?? 'reviewed' };
  }
}
