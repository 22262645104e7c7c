/**
 * The escalation life cycle, as pure data and functions: an alert's states, the commands that move it, and which
 * moves are legal. raised → acknowledged → (attending) → resolved, with escalation steps on the way and superseded
 * or retracted endings. An illegal command is refused with a reason, never applied.
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
  | { readonly type: 'worsen'; readonly level: string; readonly severity: number }
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

export type Transition =
  | { readonly ok: true; readonly alert: AlertSnapshot; readonly event: string }
  | { readonly ok: false; readonly reason: string };

const refuse = (reason: string): Transition => ({ ok: false, reason });
const isOpen = (state: AlertState) => OPEN_STATES.includes(state);

/**
 * A prompt is not an emergency: it is never acknowledged, escalated or scored. It is updated, recorded, missed, or
 * withdrawn (superseded, retracted). Escalations in turn are never recorded or missed.
 */
const PROMPT_COMMANDS: readonly AlertCommand['type'][] = [
  'refresh',
  'record',
  'miss',
  'supersede',
  'retract',
];
const kindAllows = (kind: AlertKind, command: AlertCommand['type']) =>
  kind === 'prompt' ? PROMPT_COMMANDS.includes(command) : command !== 'record' && command !== 'miss';

/** Once acknowledged, attending or not: someone answers again, the score moves on, it is resolved or withdrawn. */
const ACKNOWLEDGED_COMMANDS: readonly AlertCommand['type'][] = [
  'acknowledge',
  'respond',
  'worsen',
  'improve',
  'mark-improved',
  'refresh',
  'resolve',
  'supersede',
  'retract',
];

/** Which commands each state accepts. */
const ALLOWED: Readonly<Record<AlertState, readonly AlertCommand['type'][]>> = {
  raised: [
    'acknowledge',
    'escalate',
    'worsen',
    'improve',
    'mark-improved',
    'refresh',
    'supersede',
    'retract',
    'record',
    'miss',
  ],
  acknowledged: ACKNOWLEDGED_COMMANDS,
  attending: ACKNOWLEDGED_COMMANDS,
  resolved: [],
  superseded: [],
  retracted: [],
  missed: [],
};

export function transition(alert: AlertSnapshot, command: AlertCommand): Transition {
  if (!kindAllows(alert.kind, command.type))
    return refuse(
      alert.kind === 'prompt'
        ? `a prompt cannot be ${command.type === 'respond' ? 'responded to' : `${command.type}d`}: it is recorded, or marked not done with a reason`
        : `only a prompt can be ${command.type === 'record' ? 'recorded' : 'missed'}`,
    );
  if (!ALLOWED[alert.state].includes(command.type)) {
    return refuse(
      isOpen(alert.state)
        ? `a ${alert.state} alert cannot be ${command.type === 'respond' ? 'responded to before it is acknowledged' : `${command.type}d`}`
        : `the alert is already ${alert.state}`,
    );
  }
  switch (command.type) {
    case 'acknowledge':
      // Acknowledging twice is harmless (a handheld retrying): the first acknowledgement stands.
      if (alert.state !== 'raised') return { ok: true, alert, event: 'alert.acknowledged-again' };
      return {
        ok: true,
        alert: { ...alert, state: 'acknowledged', acknowledgedBy: command.by.id },
        event: 'alert.acknowledged',
      };
    case 'respond':
      if (command.response === 'not-required') {
        if (!command.reason || !(NOT_REQUIRED_REASONS as readonly string[]).includes(command.reason)) {
          return refuse(`"not required" needs a reason: one of ${NOT_REQUIRED_REASONS.join(', ')}`);
        }
        return { ok: true, alert: { ...alert, state: 'resolved' }, event: 'alert.responded' };
      }
      if (command.response === 'escalating') {
        return {
          ok: true,
          alert: { ...alert, escalationStep: alert.escalationStep + 1 },
          event: 'alert.responded',
        };
      }
      return { ok: true, alert: { ...alert, state: 'attending' }, event: 'alert.responded' };
    case 'escalate':
      return {
        ok: true,
        alert: { ...alert, escalationStep: alert.escalationStep + 1 },
        event: 'alert.escalated',
      };
    case 'worsen':
      // Worse than what was acknowledged: it needs acknowledging again.
      return {
        ok: true,
        alert: {
          ...alert,
          state: 'raised',
          level: command.level,
          severity: command.severity,
          improved: false,
          acknowledgedBy: null,
        },
        event: 'alert.worsened',
      };
    case 'improve':
      return {
        ok: true,
        alert: { ...alert, level: command.level, severity: command.severity, improved: true },
        event: 'alert.improved',
      };
    case 'mark-improved':
      return alert.improved
        ? { ok: true, alert, event: 'alert.unchanged' }
        : { ok: true, alert: { ...alert, improved: true }, event: 'alert.improved' };
    case 'refresh':
      return {
        ok: true,
        alert: { ...alert, improved: false },
        event: alert.improved ? 'alert.updated' : 'alert.unchanged',
      };
    case 'resolve':
      return { ok: true, alert: { ...alert, state: 'resolved' }, event: 'alert.resolved' };
    case 'supersede':
      return { ok: true, alert: { ...alert, state: 'superseded' }, event: 'alert.superseded' };
    case 'retract':
      return { ok: true, alert: { ...alert, state: 'retracted' }, event: 'alert.retracted' };
    case 'record':
      return { ok: true, alert: { ...alert, state: 'resolved' }, event: 'prompt.recorded' };
    case 'miss':
      return { ok: true, alert: { ...alert, state: 'missed' }, event: 'prompt.missed' };
  }
}
