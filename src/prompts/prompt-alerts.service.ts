import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { UnitOfWork } from '../database/unit-of-work';
import { SEVERITY, iso } from '../alerts/alert-facts';
import { AlertsService } from '../alerts/alerts.service';
import type { AlertCommand } from '../alerts/domain/alert';
import type { AlertEntity } from '../alerts/persistence/alert.entity';

/**
 * Prompts are alerts of kind `prompt`, written through the life cycle's primitives (AlertsService) inside the
 * caller's unit of work: raised on her current ward with no escalation timer (nobody is called for a prompt), their
 * deadline or wording updated, closed by a life-cycle command.
 */
@Injectable()
export class PromptAlerts {
  constructor(private readonly alerts: AlertsService) {}

  /** Raises a pathway prompt for a patient on her current ward. */
  async raise(
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
    unit: UnitOfWork,
  ): Promise<AlertEntity> {
    return this.alerts.raise(
      manager,
      {
        kind: 'prompt',
        patientId: input.patientId,
        wardId: input.wardId,
        level: input.action,
        severity: SEVERITY.prompt,
        detail: input.detail,
        prompt: { code: input.code, title: input.title, dueAt: input.dueAt },
      },
      unit,
    );
  }

  /** A prompt's deadline or wording changed (a course started: the next dose's deadline). */
  async update(
    manager: EntityManager,
    alert: AlertEntity,
    change: { title: string; dueAt: Date | null; detail: object },
    unit: UnitOfWork,
  ): Promise<void> {
    await this.alerts.amend(
      manager,
      alert,
      { title: change.title, dueAt: change.dueAt, detail: change.detail },
      {
        type: 'alert.updated',
        details: {
          prompt: alert.promptCode,
          from: iso(alert.dueAt),
          dueAt: iso(change.dueAt),
          title: change.title,
        },
      },
      unit,
    );
  }

  /** Closes a prompt: recorded, missed (with the reason), or withdrawn (superseded) as no longer indicated. */
  async close(
    manager: EntityManager,
    alert: AlertEntity,
    command: Extract<AlertCommand, { type: 'record' | 'miss' | 'supersede' }>,
    unit: UnitOfWork,
    extra: { commandId?: string; details?: Record<string, unknown> } = {},
  ): Promise<void> {
    await this.alerts.applyCommand(manager, alert, command, unit, {
      ...(extra.commandId ? { commandId: extra.commandId } : {}),
      ...(extra.details ? { details: extra.details } : {}),
    });
  }
}
