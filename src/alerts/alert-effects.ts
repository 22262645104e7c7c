import type { OutboxMessage } from '../queue/outbox';
import { outboxMessage } from '../queue/outbox';
import { JobName } from '../queue/queue.constants';
import { iso } from './alert-facts';
import type { Actor, AlertCommand, AlertSnapshot } from './domain/alert';
import type { LadderStep } from './domain/escalation-ladder';
import { escalationStep } from './domain/escalation-ladder';
import type { AlertEntity } from './persistence/alert.entity';

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

/** What one allowed transition writes: the row's changes, the audit details, who did it, the timers it starts. */
export interface CommandEffects {
  readonly changes: Partial<AlertEntity>;
  readonly details: Record<string, unknown>;
  readonly actor: Actor | undefined;
  readonly messages: OutboxMessage[];
  /** Set when this command was the alert's first acknowledgement. */
  readonly secondsToAcknowledge?: number;
}

interface Context {
  readonly alert: AlertEntity;
  readonly next: AlertSnapshot;
  readonly event: string;
  readonly ladder: readonly LadderStep[];
  readonly now: Date;
  readonly extra: CommandExtra;
}

type Specific = Omit<CommandEffects, 'messages'> & { readonly messages?: OutboxMessage[] };

/**
 * The row changes, audit details and timers of a transition the pure domain allowed (`next`, `event`): the time
 * stamps, who acknowledged or responded, the escalation timer restarted or stopped, a closing reason. No I/O.
 */
export function commandEffects(
  alert: AlertEntity,
  command: AlertCommand,
  outcome: { next: AlertSnapshot; event: string },
  ladder: readonly LadderStep[],
  now: Date,
  extra: CommandExtra = {},
): CommandEffects {
  const { next } = outcome;
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
    ...extra.details,
  };
  const specific = effectsOf(command, { alert, next, event: outcome.event, ladder, now, extra });
  return {
    ...specific,
    changes: { ...changes, ...specific.changes },
    details: { ...details, ...specific.details },
    messages: specific.messages ?? [],
  };
}

const closing = (now: Date, reason: string) => ({
  closedAt: now,
  closedReason: reason,
  nextEscalationAt: null,
});

function effectsOf(command: AlertCommand, context: Context): Specific {
  const { now } = context;
  switch (command.type) {
    case 'acknowledge':
      return acknowledged(command.by, context);
    case 'respond':
      return responded(command, context);
    case 'escalate':
      return escalated(command.reason, context);
    case 'worsen':
      return worsened(context);
    case 'resolve':
      return {
        actor: command.by,
        changes: closing(now, command.reason),
        details: { reason: command.reason },
      };
    case 'supersede':
    case 'retract':
      return { actor: undefined, changes: closing(now, command.reason), details: { reason: command.reason } };
    case 'record':
    case 'miss':
      return {
        actor: command.by,
        changes: closing(now, command.reason),
        details: {
          reason: command.reason,
          prompt: context.alert.promptCode,
          dueAt: iso(context.alert.dueAt),
        },
      };
    case 'improve':
    case 'mark-improved':
    case 'refresh':
      return { actor: undefined, changes: {}, details: {} };
  }
}

function acknowledged(by: Actor, { alert, event, now }: Context): Specific {
  if (event !== 'alert.acknowledged') return { actor: by, changes: {}, details: {} };
  const secondsToAcknowledge = Math.round((now.getTime() - alert.raisedAt.getTime()) / 1000);
  return {
    actor: by,
    changes: {
      acknowledgedAt: now,
      acknowledgedBy: by.name ?? by.id,
      acknowledgedDevice: by.device ?? null,
      nextEscalationAt: null,
    },
    details: { secondsToAcknowledge },
    secondsToAcknowledge,
  };
}

function responded(
  command: Extract<AlertCommand, { type: 'respond' }>,
  { next, ladder, now }: Context,
): Specific {
  return {
    actor: command.by,
    changes: {
      response: command.response,
      responseReason: command.reason ?? null,
      respondedAt: now,
      respondedBy: command.by.name ?? command.by.id,
      ...(next.state === 'resolved'
        ? { closedAt: now, closedReason: `not required: ${command.reason ?? ''}` }
        : {}),
    },
    details: {
      response: command.response,
      reason: command.reason ?? null,
      ...(command.response === 'escalating'
        ? { escalatedTo: escalationStep(ladder, next.escalationStep, null).who.label }
        : {}),
    },
  };
}

function escalated(reason: string, { alert, next, ladder, now }: Context): Specific {
  const step = escalationStep(ladder, next.escalationStep, null);
  const nextEscalationAt = new Date(now.getTime() + step.waitMinutes * 60_000);
  return {
    actor: undefined,
    changes: { nextEscalationAt },
    details: {
      reason,
      step: next.escalationStep,
      to: step.who.label,
      escalatesAgainAt: nextEscalationAt.toISOString(),
    },
    messages: [
      outboxMessage(
        JobName.EscalateAlert,
        { alertId: alert.id, step: next.escalationStep },
        nextEscalationAt,
      ),
    ],
  };
}

/** A worse set restarts the ladder from its first step (the review time of the worse level) and needs a new ack. */
function worsened({ alert, ladder, now, extra }: Context): Specific {
  const review = (extra.detail as { reviewWithinMinutes?: number | null } | undefined)?.reviewWithinMinutes;
  const first = escalationStep(ladder, 0, review ?? null);
  const nextEscalationAt = new Date(now.getTime() + first.waitMinutes * 60_000);
  return {
    actor: undefined,
    changes: {
      escalationStep: 0,
      acknowledgedAt: null,
      acknowledgedBy: null,
      acknowledgedDevice: null,
      nextEscalationAt,
    },
    details: {},
    messages: [outboxMessage(JobName.EscalateAlert, { alertId: alert.id, step: 0 }, nextEscalationAt)],
  };
}
