import { JobName } from '../queue/queue.constants';
import { commandEffects } from './alert-effects';
import type { Actor, AlertSnapshot } from './domain/alert';
import type { LadderStep } from './domain/escalation-ladder';
import type { AlertEntity } from './persistence/alert.entity';

const LADDER: LadderStep[] = [
  { role: 'midwife-in-charge', label: 'Midwife in charge', acknowledgeWithinMinutes: 10 },
  { role: 'registrar', label: 'Registrar on call', acknowledgeWithinMinutes: 12 },
  { role: 'consultant', label: 'Consultant on call', acknowledgeWithinMinutes: 15 },
];
const NOW = new Date('2026-03-01T10:00:00.000Z');
const midwife: Actor = { id: 'midwife.a', name: 'Amara Okafor', role: 'midwife', device: 'handheld-7' };

function alert(overrides: Partial<AlertEntity> = {}): AlertEntity {
  return {
    id: 'alert-1',
    patientId: 'patient-1',
    wardId: 'maternity-a',
    kind: 'deterioration',
    promptCode: '',
    dueAt: null,
    state: 'raised',
    level: 'urgent-review',
    severity: 1,
    escalationStep: 0,
    improved: false,
    acknowledgedBy: null,
    raisedAt: new Date('2026-03-01T09:58:25.000Z'),
    ...overrides,
  } as AlertEntity;
}

const snapshot = (overrides: Partial<AlertSnapshot> = {}): AlertSnapshot => ({
  kind: 'deterioration',
  state: 'raised',
  level: 'urgent-review',
  severity: 1,
  escalationStep: 0,
  improved: false,
  acknowledgedBy: null,
  ...overrides,
});

describe('commandEffects: what an allowed transition writes', () => {
  it('stamps the first acknowledgement, stops the escalation timer and measures the time it took', () => {
    const effects = commandEffects(
      alert(),
      { type: 'acknowledge', by: midwife },
      {
        next: snapshot({ state: 'acknowledged', acknowledgedBy: 'Amara Okafor' }),
        event: 'alert.acknowledged',
      },
      LADDER,
      NOW,
      { commandId: 'cmd-00000001' },
    );
    expect(effects.changes).toMatchObject({
      state: 'acknowledged',
      acknowledgedAt: NOW,
      acknowledgedBy: 'Amara Okafor',
      acknowledgedDevice: 'handheld-7',
      nextEscalationAt: null,
      updatedAt: NOW,
    });
    expect(effects.secondsToAcknowledge).toBe(95);
    expect(effects.details).toEqual({
      from: 'raised',
      to: 'acknowledged',
      level: 'urgent-review',
      commandId: 'cmd-00000001',
      secondsToAcknowledge: 95,
    });
    expect(effects.actor).toBe(midwife);
    expect(effects.messages).toEqual([]);
  });

  it('changes nothing of the acknowledgement when the alert was already acknowledged', () => {
    const effects = commandEffects(
      alert({ state: 'acknowledged' }),
      { type: 'acknowledge', by: midwife },
      { next: snapshot({ state: 'acknowledged' }), event: 'alert.acknowledged-again' },
      LADDER,
      NOW,
    );
    expect(effects.changes).not.toHaveProperty('acknowledgedAt');
    expect(effects.secondsToAcknowledge).toBeUndefined();
  });

  it('escalates to the next step of the ladder and restarts the timer with that step’s wait', () => {
    const effects = commandEffects(
      alert(),
      { type: 'escalate', reason: 'timeout' },
      { next: snapshot({ escalationStep: 1 }), event: 'alert.escalated' },
      LADDER,
      NOW,
    );
    const again = new Date('2026-03-01T10:12:00.000Z');
    expect(effects.changes.nextEscalationAt).toEqual(again);
    expect(effects.details).toMatchObject({
      reason: 'timeout',
      step: 1,
      to: 'Registrar on call',
      escalatesAgainAt: again.toISOString(),
    });
    expect(effects.messages).toEqual([
      { job: JobName.EscalateAlert, payload: { alertId: 'alert-1', step: 1 }, runAt: again },
    ]);
    expect(effects.actor).toBeUndefined();
  });

  it('restarts a worsened alert from the first step, at the shorter of its review time and the first wait', () => {
    const effects = commandEffects(
      alert({ state: 'acknowledged', escalationStep: 2 }),
      { type: 'worsen', level: 'emergency-review', severity: 0 },
      {
        next: snapshot({ state: 'raised', level: 'emergency-review', severity: 0 }),
        event: 'alert.worsened',
      },
      LADDER,
      NOW,
      { setId: 'set-2', detail: { reviewWithinMinutes: 5 }, title: 'MEWS 9: high risk' },
    );
    const due = new Date('2026-03-01T10:05:00.000Z');
    expect(effects.changes).toMatchObject({
      escalationStep: 0,
      acknowledgedAt: null,
      acknowledgedBy: null,
      acknowledgedDevice: null,
      nextEscalationAt: due,
      setId: 'set-2',
      title: 'MEWS 9: high risk',
      level: 'emergency-review',
    });
    expect(effects.messages).toEqual([
      { job: JobName.EscalateAlert, payload: { alertId: 'alert-1', step: 0 }, runAt: due },
    ]);
  });

  it('names who a midwife escalated to when she responds "escalating"', () => {
    const effects = commandEffects(
      alert({ state: 'acknowledged' }),
      { type: 'respond', by: midwife, response: 'escalating' },
      { next: snapshot({ state: 'attending', escalationStep: 1 }), event: 'alert.responded' },
      LADDER,
      NOW,
    );
    expect(effects.details).toMatchObject({ response: 'escalating', escalatedTo: 'Registrar on call' });
    expect(effects.changes).toMatchObject({ response: 'escalating', respondedBy: 'Amara Okafor' });
    expect(effects.changes).not.toHaveProperty('closedAt');
  });

  it('closes an alert answered "not required", with the reason', () => {
    const effects = commandEffects(
      alert({ state: 'acknowledged' }),
      { type: 'respond', by: midwife, response: 'not-required', reason: 'clinically-expected' },
      { next: snapshot({ state: 'resolved' }), event: 'alert.responded' },
      LADDER,
      NOW,
    );
    expect(effects.changes).toMatchObject({
      closedAt: NOW,
      closedReason: 'not required: clinically-expected',
      responseReason: 'clinically-expected',
    });
  });

  it('records a prompt with its code and deadline, and the caller’s extra details', () => {
    const dueAt = new Date('2026-03-02T00:00:00.000Z');
    const effects = commandEffects(
      alert({ kind: 'prompt', promptCode: 'smoking/co-test', dueAt }),
      { type: 'record', reason: 'recorded by Amara Okafor', by: midwife },
      { next: snapshot({ kind: 'prompt', state: 'resolved' }), event: 'alert.recorded' },
      LADDER,
      NOW,
      { details: { outcome: 'done', note: null } },
    );
    expect(effects.changes).toMatchObject({
      closedAt: NOW,
      closedReason: 'recorded by Amara Okafor',
      nextEscalationAt: null,
    });
    expect(effects.details).toMatchObject({
      outcome: 'done',
      note: null,
      reason: 'recorded by Amara Okafor',
      prompt: 'smoking/co-test',
      dueAt: '2026-03-02T00:00:00.000Z',
    });
  });
});
