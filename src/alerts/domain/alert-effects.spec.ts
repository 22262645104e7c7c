import type { Actor, AlertCommand, AlertSnapshot, Transition } from './alert';
import { transition } from './alert';
import { LADDER, NOW, raisedAlert as snapshot } from '../../../test/unit/support/alert-fixtures';

const midwife: Actor = { id: 'midwife.a', name: 'Amara Okafor', role: 'midwife', device: 'handheld-7' };

function allowed(alert: AlertSnapshot, command: AlertCommand): Extract<Transition, { ok: true }> {
  const outcome = transition(alert, command, { now: NOW, ladder: LADDER });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome;
}

describe('transition: what an allowed move writes down', () => {
  it('stamps the first acknowledgement, stops the escalation timer and measures the time it took', () => {
    const outcome = allowed(snapshot(), { type: 'acknowledge', by: midwife });
    expect(outcome.stamps).toEqual({
      acknowledgedAt: NOW,
      acknowledgedBy: 'Amara Okafor',
      acknowledgedDevice: 'handheld-7',
      nextEscalationAt: null,
    });
    expect(outcome.secondsToAcknowledge).toBe(95);
    expect(outcome.details).toEqual({ secondsToAcknowledge: 95 });
    expect(outcome.actor).toBe(midwife);
    expect(outcome.timer).toBeUndefined();
  });

  it('changes nothing of the acknowledgement when the alert was already acknowledged', () => {
    const outcome = allowed(snapshot({ state: 'acknowledged' }), { type: 'acknowledge', by: midwife });
    expect(outcome.event).toBe('alert.acknowledged-again');
    expect(outcome.stamps).toEqual({});
    expect(outcome.secondsToAcknowledge).toBeUndefined();
  });

  it('escalates to the next step of the ladder and restarts the timer with that step’s wait', () => {
    const outcome = allowed(snapshot(), { type: 'escalate', reason: 'timeout' });
    const again = new Date('2026-03-01T10:12:00.000Z');
    expect(outcome.alert.escalationStep).toBe(1);
    expect(outcome.stamps).toEqual({ nextEscalationAt: again });
    expect(outcome.details).toEqual({
      reason: 'timeout',
      step: 1,
      to: 'Registrar on call',
      escalatesAgainAt: again.toISOString(),
    });
    expect(outcome.timer).toEqual({ step: 1, at: again });
    expect(outcome.actor).toBeUndefined();
  });

  it('stays with the top rung past the top of the ladder, and is escalated again after its wait', () => {
    const outcome = allowed(snapshot({ escalationStep: 2 }), { type: 'escalate', reason: 'timeout' });
    expect(outcome.details).toMatchObject({ step: 3, to: 'Consultant on call' });
    expect(outcome.timer).toEqual({ step: 3, at: new Date('2026-03-01T10:15:00.000Z') });
  });

  it('restarts a worsened alert from the first step, at the shorter of its review time and the first wait', () => {
    const outcome = allowed(
      snapshot({ state: 'acknowledged', escalationStep: 2, acknowledgedBy: 'midwife.a' }),
      {
        type: 'worsen',
        level: 'emergency-review',
        severity: 0,
        reviewWithinMinutes: 5,
      },
    );
    const due = new Date('2026-03-01T10:05:00.000Z');
    expect(outcome.alert).toMatchObject({
      state: 'raised',
      level: 'emergency-review',
      severity: 0,
      escalationStep: 0,
      acknowledgedBy: null,
    });
    expect(outcome.stamps).toEqual({
      acknowledgedAt: null,
      acknowledgedBy: null,
      acknowledgedDevice: null,
      nextEscalationAt: due,
    });
    expect(outcome.timer).toEqual({ step: 0, at: due });
  });

  it('waits the ladder’s first wait for a worse level with no review time', () => {
    const outcome = allowed(snapshot(), { type: 'worsen', level: 'emergency-review', severity: 0 });
    expect(outcome.timer).toEqual({ step: 0, at: new Date('2026-03-01T10:10:00.000Z') });
  });

  it('names who a midwife escalated to when she responds "escalating", and audits that escalation too', () => {
    const outcome = allowed(snapshot({ state: 'acknowledged' }), {
      type: 'respond',
      by: midwife,
      response: 'escalating',
    });
    expect(outcome.details).toEqual({
      response: 'escalating',
      reason: null,
      escalatedTo: 'Registrar on call',
    });
    expect(outcome.stamps).toMatchObject({
      response: 'escalating',
      respondedBy: 'Amara Okafor',
      respondedAt: NOW,
    });
    expect(outcome.stamps).not.toHaveProperty('closedAt');
    expect(outcome.also).toEqual({
      event: 'alert.escalated',
      details: { reason: 'requested', step: 1, to: 'Registrar on call' },
    });
  });

  it('closes an alert answered "not required", with the reason', () => {
    const outcome = allowed(snapshot({ state: 'acknowledged' }), {
      type: 'respond',
      by: midwife,
      response: 'not-required',
      reason: 'clinically-expected',
    });
    expect(outcome.stamps).toMatchObject({
      closedAt: NOW,
      closedReason: 'not required: clinically-expected',
      responseReason: 'clinically-expected',
    });
    expect(outcome.also).toBeUndefined();
  });

  it('closes a resolved, superseded or retracted alert and stops its timer, with the reason', () => {
    for (const command of [
      { type: 'resolve', reason: 'improved', by: midwife },
      { type: 'supersede', reason: 'a newer chart' },
      { type: 'retract', reason: 'entered in error' },
    ] as const) {
      const outcome = allowed(snapshot({ state: 'acknowledged' }), command);
      expect(outcome.stamps).toEqual({ closedAt: NOW, closedReason: command.reason, nextEscalationAt: null });
      expect(outcome.details).toEqual({ reason: command.reason });
    }
  });

  it('records a prompt with its code and deadline', () => {
    const dueAt = new Date('2026-03-02T00:00:00.000Z');
    const outcome = allowed(snapshot({ kind: 'prompt', promptCode: 'smoking/co-test', dueAt }), {
      type: 'record',
      reason: 'recorded by Amara Okafor',
      by: midwife,
    });
    expect(outcome.event).toBe('prompt.recorded');
    expect(outcome.stamps).toEqual({
      closedAt: NOW,
      closedReason: 'recorded by Amara Okafor',
      nextEscalationAt: null,
    });
    expect(outcome.details).toEqual({
      reason: 'recorded by Amara Okafor',
      prompt: 'smoking/co-test',
      dueAt: '2026-03-02T00:00:00.000Z',
    });
    expect(outcome.actor).toBe(midwife);
  });
});
