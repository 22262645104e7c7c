import type { LadderStep } from './escalation-ladder';
import { escalationStep } from './escalation-ladder';

/**
 * The escalation life cycle, as pure data and functions: an alert's states, the commands that move it, which moves
 * are legal, and what each legal move writes down (time stamps, audit details, the escalation timer it starts).
 * raised → acknowledged → (attending) → resolved, with escalation steps on the way and superseded or retracted
 * endings. An illegal command is refused with a reason, never applied.
 */

export type AlertKind = 'deterioration' | 'concern' | 'overdue' | 'processing-failure' | 'prompt';
export type AlertState =
  | 'raised'
  | 'acknowledged'
  | 'attending'
  | 'resolved'
  | 'superseded'
  | 'retracted'
  /** A pathway prompt whose window passed (or that was not done, with a reason) without the intervention. */
  | 'missed';
export const OPEN_STATES: readonly AlertState[] = ['raised', 'acknowledged', 'attending'];

/** What the person acknowledging says they will do; "not required" needs a reason (barriers to escalation). */
export type AlertResponse = 'attending' | 'escalating' | 'not-required';
export const NOT_REQUIRED_REASONS = [
  'clinically-expected',
  'already-under-review',
  'patient-declined',
  'measurement-error',
  'end-of-life-care',
  'other',
] as const;
export type NotRequiredReason = (typeof NOT_REQUIRED_REASONS)[number];

/** Why a pathway prompt was not done, when staff say so (the audit measure's exception reasons). */
export const PROMPT_NOT_DONE_REASONS = [
  'declined',
  'contraindicated',
  'not-possible-in-time',
  'done-elsewhere',
  'other',
] as const;
export type PromptNotDoneReason = (typeof PROMPT_NOT_DONE_REASONS)[number];

export interface AlertSnapshot {
  readonly kind: AlertKind;
  readonly state: AlertState;
  /** Response level of the chart (or the kind, for overdue and processing failure). */
  readonly level: string;
  /** Lower is more urgent (the chart's response order). */
  readonly severity: number;
  readonly escalationStep: number;
  readonly improved: boolean;
  readonly acknowledgedBy: string | null;
  readonly raisedAt: Date;
  /** A prompt's intervention and deadline ('' and null for an escalation). */
  readonly promptCode: string;
  readonly dueAt: Date | null;
}

export interface Actor {
  readonly id: string;
  readonly name?: string;
  readonly role?: string;
  readonly device?: string;
}

export type AlertCommand =
  | { readonly type: 'acknowledge'; readonly by: Actor }
  | {
      readonly type: 'respond';
      readonly by: Actor;
      readonly response: AlertResponse;
      readonly reason?: string;
    }
  | { readonly type: 'escalate'; readonly reason: 'timeout' | 'requested' }
  /** `reviewWithinMinutes`: the worse level's review time, which bounds the restarted ladder's first wait. */
  | {
      readonly type: 'worsen';
      readonly level: string;
      readonly severity: number;
      readonly reviewWithinMinutes?: number | null;
    }
  | { readonly type: 'improve'; readonly level: string; readonly severity: number }
  | { readonly type: 'mark-improved' }
  | { readonly type: 'refresh' }
  | { readonly type: 'resolve'; readonly reason: string; readonly by?: Actor }
  | { readonly type: 'supersede'; readonly reason: string }
  | { readonly type: 'retract'; readonly reason: string }
  /** A prompt's intervention was recorded (by the EPR, or by staff on a handheld). */
  | { readonly type: 'record'; readonly reason: string; readonly by?: Actor }
  /** A prompt's window passed, or staff said it was not done (with a reason). */
  | { readonly type: 'miss'; readonly reason: string; readonly by?: Actor };

/** What an alert's row records besides its snapshot: who and when, the response, the closing, the next escalation. */
export interface AlertStamps {
  readonly acknowledgedAt?: Date | null;
  readonly acknowledgedBy?: string | null;
  readonly acknowledgedDevice?: string | null;
  readonly response?: AlertResponse;
  readonly responseReason?: string | null;
  readonly respondedAt?: Date;
  readonly respondedBy?: string;
  readonly closedAt?: Date;
  readonly closedReason?: string;
  readonly nextEscalationAt?: Date | null;
}

/** When a transition happens and the ward's escalation ladder it climbs. */
export interface TransitionContext {
  readonly now: Date;
  readonly ladder: readonly LadderStep[];
}

/** What an allowed move writes down. `event` is audited (with `details`, by `actor`) unless it changed nothing. */
export interface Effects {
  readonly stamps: AlertStamps;
  readonly details: Readonly<Record<string, unknown>>;
  readonly actor?: Actor;
  /** The escalation timer to start: escalate to `step` at `at` unless acknowledged first. */
  readonly timer?: { readonly step: number; readonly at: Date };
  /** Set when this move was the alert's first acknowledgement. */
  readonly secondsToAcknowledge?: number;
  /** A second audit entry the move makes (a requested escalation), with its own details. */
  readonly also?: { readonly event: 'alert.escalated'; readonly details: Readonly<Record<string, unknown>> };
}

export type Transition =
  | ({ readonly ok: true; readonly alert: AlertSnapshot; readonly event: string } & Effects)
  | { readonly ok: false; readonly reason: string };

/** Events that change nothing anyone needs told: neither audited nor broadcast. */
export const QUIET_EVENTS: readonly string[] = ['alert.unchanged', 'alert.acknowledged-again'];

const refuse = (reason: string): Transition => ({ ok: false, reason });
const isOpen = (state: AlertState) => OPEN_STATES.includes(state);
const NOTHING: Effects = { stamps: {}, details: {} };
const inMinutes = (now: Date, minutes: number) => new Date(now.getTime() + minutes * 60_000);
const closing = (now: Date, reason: string): AlertStamps => ({
  closedAt: now,
  closedReason: reason,
  nextEscalationAt: null,
});

/**
 * A prompt is not an emergency: it is never acknowledged, escalated or scored. It is updated, recorded, missed, or
 * withdrawn (superseded, retracted). Escalations in turn are never recorded or missed.
 */
type CommandType = AlertCommand['type'];
const PROMPT_COMMANDS: readonly CommandType[] = ['refresh', 'record', 'miss', 'supersede', 'retract'];
const kindAllows = (kind: AlertKind, command: CommandType) =>
  kind === 'prompt' ? PROMPT_COMMANDS.includes(command) : command !== 'record' && command !== 'miss';

/** Every open alert follows its score, or is withdrawn. */
const SCORE_COMMANDS: readonly CommandType[] = [
  'worsen',
  'improve',
  'mark-improved',
  'refresh',
  'supersede',
  'retract',
];

/**
 * Which commands each state accepts. Once acknowledged, attending or not: someone answers again, or it is resolved.
 * Only an unacknowledged alert escalates; only a raised prompt is recorded or missed.
 */
const ALLOWED: Readonly<Record<AlertState, readonly CommandType[]>> = {
  raised: [...SCORE_COMMANDS, 'acknowledge', 'escalate', 'record', 'miss'],
  acknowledged: [...SCORE_COMMANDS, 'acknowledge', 'respond', 'resolve'],
  attending: [...SCORE_COMMANDS, 'acknowledge', 'respond', 'resolve'],
  resolved: [],
  superseded: [],
  retracted: [],
  missed: [],
};

export function transition(
  alert: AlertSnapshot,
  command: AlertCommand,
  context: TransitionContext,
): Transition {
  const refusal = refusalOf(alert, command.type);
  if (refusal) return refuse(refusal);
  const { now } = context;
  const moved = (next: Partial<AlertSnapshot>, event: string, effects: Effects = NOTHING): Transition => ({
    ok: true,
    alert: { ...alert, ...next },
    event,
    ...effects,
  });
  switch (command.type) {
    case 'acknowledge':
      return acknowledged(alert, command.by, now, moved);
    case 'respond':
      return responded(alert, command, context, moved);
    case 'escalate': {
      const step = escalationStep(context.ladder, alert.escalationStep + 1, null);
      const at = inMinutes(now, step.waitMinutes);
      return moved({ escalationStep: step.step }, 'alert.escalated', {
        stamps: { nextEscalationAt: at },
        details: {
          reason: command.reason,
          step: step.step,
          to: step.who.label,
          escalatesAgainAt: at.toISOString(),
        },
        timer: { step: step.step, at },
      });
    }
    case 'worsen': {
      // Worse than what was acknowledged: it needs acknowledging again, and the ladder starts again from its foot.
      const first = escalationStep(context.ladder, 0, command.reviewWithinMinutes ?? null);
      const at = inMinutes(now, first.waitMinutes);
      const { level, severity } = command;
      return moved(
        { state: 'raised', level, severity, improved: false, acknowledgedBy: null, escalationStep: 0 },
        'alert.worsened',
        {
          stamps: {
            acknowledgedAt: null,
            acknowledgedBy: null,
            acknowledgedDevice: null,
            nextEscalationAt: at,
          },
          details: {},
          timer: { step: 0, at },
        },
      );
    }
    case 'improve':
      return moved({ level: command.level, severity: command.severity, improved: true }, 'alert.improved');
    case 'mark-improved':
      return alert.improved ? moved({}, 'alert.unchanged') : moved({ improved: true }, 'alert.improved');
    case 'refresh':
      return moved({ improved: false }, alert.improved ? 'alert.updated' : 'alert.unchanged');
    case 'resolve':
    case 'supersede':
    case 'retract':
    case 'record':
    case 'miss': {
      const [state, event] = CLOSED_BY[command.type];
      const prompt = command.type === 'record' || command.type === 'miss';
      return moved({ state }, event, {
        stamps: closing(now, command.reason),
        details: prompt
          ? { reason: command.reason, prompt: alert.promptCode, dueAt: alert.dueAt?.toISOString() ?? null }
          : { reason: command.reason },
        ...('by' in command ? { actor: command.by } : {}),
      });
    }
  }
}

/** Why a command does not apply to an alert of this kind and state, if it does not. */
function refusalOf(alert: AlertSnapshot, command: CommandType): string | undefined {
  if (!kindAllows(alert.kind, command))
    return alert.kind === 'prompt'
      ? `a prompt cannot be ${command === 'respond' ? 'responded to' : `${command}d`}: it is recorded, or marked not done with a reason`
      : `only a prompt can be ${command === 'record' ? 'recorded' : 'missed'}`;
  if (!ALLOWED[alert.state].includes(command))
    return isOpen(alert.state)
      ? `a ${alert.state} alert cannot be ${command === 'respond' ? 'responded to before it is acknowledged' : `${command}d`}`
      : `the alert is already ${alert.state}`;
  return undefined;
}

/** The state and audit event of each command that ends an alert. */
const CLOSED_BY = {
  resolve: ['resolved', 'alert.resolved'],
  supersede: ['superseded', 'alert.superseded'],
  retract: ['retracted', 'alert.retracted'],
  record: ['resolved', 'prompt.recorded'],
  miss: ['missed', 'prompt.missed'],
} as const satisfies Record<string, readonly [AlertState, string]>;

type Move = (next: Partial<AlertSnapshot>, event: string, effects?: Effects) => Transition;

// Acknowledging twice is harmless (a handheld retrying): the first acknowledgement stands.
function acknowledged(alert: AlertSnapshot, by: Actor, now: Date, moved: Move): Transition {
  if (alert.state !== 'raised') return moved({}, 'alert.acknowledged-again', { ...NOTHING, actor: by });
  const secondsToAcknowledge = Math.round((now.getTime() - alert.raisedAt.getTime()) / 1000);
  return moved({ state: 'acknowledged', acknowledgedBy: by.id }, 'alert.acknowledged', {
    stamps: {
      acknowledgedAt: now,
      acknowledgedBy: by.name ?? by.id,
      acknowledgedDevice: by.device ?? null,
      nextEscalationAt: null,
    },
    details: { secondsToAcknowledge },
    actor: by,
    secondsToAcknowledge,
  });
}

/** "Attending", "escalating" (to the next rung, audited as an escalation too) or "not required" with a reason. */
function responded(
  alert: AlertSnapshot,
  command: Extract<AlertCommand, { type: 'respond' }>,
  { now, ladder }: TransitionContext,
  moved: Move,
): Transition {
  const { by, response, reason } = command;
  const stamps: AlertStamps = {
    response,
    responseReason: reason ?? null,
    respondedAt: now,
    respondedBy: by.name ?? by.id,
  };
  const details = { response, reason: reason ?? null };
  if (response === 'not-required') {
    if (!reason || !(NOT_REQUIRED_REASONS as readonly string[]).includes(reason)) {
      return refuse(`"not required" needs a reason: one of ${NOT_REQUIRED_REASONS.join(', ')}`);
    }
    return moved({ state: 'resolved' }, 'alert.responded', {
      stamps: { ...stamps, closedAt: now, closedReason: `not required: ${reason}` },
      details,
      actor: by,
    });
  }
  if (response === 'attending')
    return moved({ state: 'attending' }, 'alert.responded', { stamps, details, actor: by });
  const step = alert.escalationStep + 1;
  const to = escalationStep(ladder, step, null).who.label;
  return moved({ escalationStep: step }, 'alert.responded', {
    stamps,
    details: { ...details, escalatedTo: to },
    actor: by,
    also: { event: 'alert.escalated', details: { reason: 'requested', step, to } },
  });
}
