import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClinicalRecordStore } from '../clinical-record/clinical-record.store';
import { AppConfig } from '../config/app-config';
import { BEACON_PATHWAY_EVENT } from '../fhir/codes/pathway-codes';
import { FhirResourceStore } from '../fhir/persistence/fhir-resource.store';
import { stopSmokingReferral } from '../fhir/writeback/referral-service-request';
import { outboxMessage } from '../queue/outbox';
import { JobName } from '../queue/queue.constants';
import type { AlertView, PromptDetail } from '../contracts/alert.view';
import type { UnitOfWork } from '../database/unit-of-work';
import { Transactions } from '../database/unit-of-work';
import { AlertCommandError } from '../alerts/alerts.service';
import { StaffCommands } from '../alerts/staff-commands.service';
import type { Actor, PromptNotDoneReason } from '../alerts/domain/alert';
import { PROMPT_NOT_DONE_REASONS } from '../alerts/domain/alert';
import type { AlertEntity } from '../alerts/persistence/alert.entity';
import { PromptAlerts } from './prompt-alerts.service';

export type StaffPromptOutcome =
  | { readonly outcome: 'done'; readonly note?: string }
  | { readonly outcome: 'not-done'; readonly reason: PromptNotDoneReason; readonly note?: string };

/** Who records a referral in Beacon's own store (resources Beacon authors). */
export const BEACON_SOURCE_SYSTEM = 'beacon';

/**
 * Staff close a prompt from a handheld: done (only prompts Beacon records itself: the smoke-free pathway; a preterm
 * intervention is recorded in the EPR, whose record closes the prompt) or not done, with a reason. Acting on the
 * opt-out referral prompt records the referral as a FHIR ServiceRequest (written upstream when write-back is on).
 */
@Injectable()
export class PromptOutcomesService {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly alerts: PromptAlerts,
    private readonly staff: StaffCommands,
    private readonly resources: FhirResourceStore,
    private readonly record: ClinicalRecordStore,
  ) {}

  async close(
    alertId: string,
    actor: Actor,
    mayAct: (wardId: string | null) => boolean,
    input: StaffPromptOutcome,
    commandId?: string,
  ): Promise<AlertView> {
    await this.transactions.run(async (manager, unit) => {
      const { alert, seen } = await this.staff.alertForCommand(manager, alertId, mayAct, {
        commandId,
        field: 'alertId: ',
        check: (row) => {
          if (row.kind !== 'prompt')
            throw new AlertCommandError(
              409,
              'alertId: only a pathway prompt is recorded as done or not done',
            );
        },
      });
      if (seen) return;
      const detail = alert.detail as PromptDetail;
      const note = input.note ? ` (${input.note})` : '';
      const common = { commandId, details: { outcome: input.outcome, note: input.note ?? null } };
      if (input.outcome === 'not-done') {
        if (!(PROMPT_NOT_DONE_REASONS as readonly string[]).includes(input.reason))
          throw new AlertCommandError(422, `reason: one of ${PROMPT_NOT_DONE_REASONS.join(', ')}`);
        await this.alerts.close(
          manager,
          alert,
          { type: 'miss', reason: `not done: ${input.reason}${note}`, by: actor },
          unit,
          { ...(commandId ? { commandId } : {}), details: common.details },
        );
        return;
      }
      if (!detail.staffMayRecord)
        throw new AlertCommandError(
          409,
          `outcome: "${alert.title}" is recorded in the EPR, whose record closes it; if it was not given, record it as not done with a reason`,
        );
      const referral =
        alert.promptCode === 'smoking/opt-out-referral'
          ? await this.recordReferral(manager, alert, actor, detail, unit)
          : undefined;
      await this.alerts.close(
        manager,
        alert,
        { type: 'record', reason: `recorded by ${actor.name ?? actor.id}${note}`, by: actor },
        unit,
        {
          ...(commandId ? { commandId } : {}),
          details: { ...common.details, ...(referral ? { referral } : {}) },
        },
      );
    });
    return this.staff.viewOf(alertId, 'alertId: ');
  }

  private async recordReferral(
    manager: EntityManager,
    alert: AlertEntity,
    actor: Actor,
    detail: PromptDetail,
    unit: UnitOfWork,
  ): Promise<string> {
    if (!alert.patientId) throw new AlertCommandError(409, 'alertId: the prompt has no patient');
    const now = new Date();
    const stored = await this.resources.store(manager, {
      resource: stopSmokingReferral({
        promptId: alert.id,
        patientReference: `Patient/${alert.patientId}`,
        authoredOn: now,
        requester: actor.name ?? actor.id,
        reason: detail.text,
      }),
      sourceSystem: BEACON_SOURCE_SYSTEM,
      receivedVia: 'beacon',
      patientId: alert.patientId,
      sourceId: alert.id,
    });
    await this.record.recordEvent(manager, alert.patientId, stored.row.id, {
      kind: 'service-request',
      codes: [`${BEACON_PATHWAY_EVENT}|stop-smoking-referral`],
      display: 'Opt-out referral to a stop smoking service',
      status: 'active',
      occurredAt: now.toISOString(),
    });
    unit.audit.push({
      type: 'referral.recorded',
      actor: { type: 'user', id: actor.id },
      patientId: alert.patientId,
      alertId: alert.id,
      resourceId: stored.row.id,
      wardId: alert.wardId,
      details: { service: 'stop-smoking', by: actor.name ?? actor.id, role: actor.role ?? null },
    });
    if (this.config.env.BEACON_FHIR_WRITE_BACK && this.config.env.BEACON_FHIR_UPSTREAM_URL)
      unit.messages.push(outboxMessage(JobName.WriteBackReferral, { resourceId: stored.row.id }));
    return stored.row.id;
  }
}
