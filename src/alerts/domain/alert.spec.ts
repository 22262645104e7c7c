import type { Actor, AlertCommand, AlertSnapshot } from './alert';
import { transition } from './alert';
import type { SetFacts } from './alert-policy';
import { CONCERN_TABLE, DETERIORATION_TABLE, decide } from './alert-policy';
import { escalationStep } from './escalation-ladder';
import { LADDER, NOW, raisedAlert } from '../../../test/unit/support/alert-fixtures';

const move = (alert: AlertSnapshot, command: AlertCommand) =>
  transition(alert, command, { now: NOW, ladder: LADDER });

const raised = raisedAlert({ level: 'urgent' });
const midwife: Actor = { id: 'mw-1', name: 'Midwife One', role: 'midwife', device: 'handheld-7' };

describe('alert transitions', () => {
  it('acknowledges a raised alert, and a second acknowledgement changes nothing', () => {
    const first = move(raised, { type: 'acknowledge', by: midwife });
    expect(first).toMatchObject({
      ok: true,
      event: 'alert.acknowledged',
      alert: { ...raised, state: 'acknowledged', acknowledgedBy: 'mw-1' },
    });
    if (!first.ok) throw new Error(first.reason);
    expect(move(first.alert, { type: 'acknowledge', by: { id: 'other' } })).toEqual({
      ok: true,
      event: 'alert.acknowledged-again',
      alert: first.alert,
      stamps: {},
      details: {},
      actor: { id: 'other' },
    });
  });

  it('refuses a response before the alert is acknowledged', () => {
    expect(move(raised, { type: 'respond', by: midwife, response: 'attending' })).toEqual({
      ok: false,
      reason: 'a raised alert cannot be responded to before it is acknowledged',
    });
  });

  it('needs a reason from the list for "not required", then resolves', () => {
    const acknowledged = { ...raised, state: 'acknowledged' as const };
    expect(move(acknowledged, { type: 'respond', by: midwife, response: 'not-required' })).toMatchObject({
      ok: false,
    });
    expect(
      move(acknowledged, { type: 'respond', by: midwife, response: 'not-required', reason: 'because' }),
    ).toMatchObject({ ok: false });
    expect(
      move(acknowledged, {
        type: 'respond',
        by: midwife,
        response: 'not-required',
        reason: 'measurement-error',
      }),
    ).toMatchObject({
      ok: true,
      alert: { state: 'resolved' },
    });
  });

  it('moves up one step when the responder escalates further, and to attending when they attend', () => {
    const acknowledged = { ...raised, state: 'acknowledged' as const };
    expect(move(acknowledged, { type: 'respond', by: midwife, response: 'escalating' })).toMatchObject({
      ok: true,
      alert: { escalationStep: 1, state: 'acknowledged' },
    });
    expect(move(acknowledged, { type: 'respond', by: midwife, response: 'attending' })).toMatchObject({
      ok: true,
      alert: { state: 'attending' },
    });
  });

  it('escalates only an unacknowledged alert', () => {
    expect(move(raised, { type: 'escalate', reason: 'timeout' })).toMatchObject({
      ok: true,
      alert: { escalationStep: 1 },
    });
    expect(move({ ...raised, state: 'acknowledged' }, { type: 'escalate', reason: 'timeout' })).toMatchObject(
      { ok: false },
    );
  });

  it('re-raises an acknowledged alert that gets worse, so it is acknowledged again', () => {
    expect(
      move(
        { ...raised, state: 'attending', acknowledgedBy: 'mw-1' },
        { type: 'worsen', level: 'emergency', severity: 0 },
      ),
    ).toMatchObject({
      ok: true,
      alert: { state: 'raised', level: 'emergency', severity: 0, acknowledgedBy: null },
    });
  });

  it('cannot resolve an alert nobody has acknowledged', () => {
    expect(move(raised, { type: 'resolve', reason: 'improved' })).toMatchObject({ ok: false });
  });

  it.each(['resolved', 'superseded', 'retracted'] as const)('refuses every command once %s', (state) => {
    for (const command of [
      { type: 'acknowledge', by: midwife },
      { type: 'escalate', reason: 'timeout' },
      { type: 'retract', reason: 'x' },
    ] as const) {
      expect(move({ ...raised, state }, command)).toEqual({
        ok: false,
        reason: `the alert is already ${state}`,
      });
    }
  });
});

describe('deterioration decision table', () => {
  const set = (scoreEscalates: boolean, severity: number): SetFacts => ({
    scoreEscalates,
    concern: false,
    level: `level-${severity}`,
    severity,
  });

  it.each([
    ['no open alert, the score escalates', undefined, set(true, 2), 'raise'],
    ['no open alert, the score does not escalate', undefined, set(false, 4), 'none'],
    ['open, now more urgent', raised, set(true, 0), 'worsen'],
    ['open, still escalating but less urgently', raised, set(true, 3), 'improve'],
    ['open, the same urgency', raised, set(true, 1), 'refresh'],
    ['open and unacknowledged, now below the threshold', raised, set(false, 4), 'mark-improved'],
    [
      'open and acknowledged, now below the threshold',
      { ...raised, state: 'acknowledged' as const },
      set(false, 4),
      'resolve',
    ],
    [
      'open and attending, now below the threshold',
      { ...raised, state: 'attending' as const },
      set(false, 4),
      'resolve',
    ],
  ])('%s → %s', (_label, open, facts, action) => {
    expect(decide(DETERIORATION_TABLE, open, facts).action).toBe(action);
  });

  it('raises a concern alert for a concern whatever the score, and never closes one by itself', () => {
    expect(
      decide(CONCERN_TABLE, undefined, {
        scoreEscalates: false,
        concern: true,
        level: 'concern',
        severity: 2,
      }).action,
    ).toBe('raise');
    expect(
      decide(
        CONCERN_TABLE,
        { ...raised, kind: 'concern' },
        { scoreEscalates: false, concern: false, level: 'concern', severity: 2 },
      ).action,
    ).toBe('none');
  });
});

describe('escalation ladder', () => {
  const ladder = [
    { role: 'midwife-in-charge', label: 'Midwife in charge', acknowledgeWithinMinutes: 10 },
    { role: 'registrar', label: 'Registrar', acknowledgeWithinMinutes: 15 },
  ];

  it('waits at the first step for the shorter of the chart review time and the ward acknowledgement time', () => {
    expect(escalationStep(ladder, 0, 30)).toEqual({ step: 0, who: ladder[0], waitMinutes: 10 });
    expect(escalationStep(ladder, 0, 5).waitMinutes).toBe(5);
    expect(escalationStep(ladder, 0, null).waitMinutes).toBe(10);
  });

  it('stays with the top of the ladder and keeps escalating again past it', () => {
    expect(escalationStep(ladder, 1, 5)).toEqual({ step: 1, who: ladder[1], waitMinutes: 15 });
    expect(escalationStep(ladder, 4, 5)).toEqual({ step: 4, who: ladder[1], waitMinutes: 15 });
  });
});
