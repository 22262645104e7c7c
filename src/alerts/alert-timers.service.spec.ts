import type { EntityManager } from 'typeorm';
import type { ObservationSetRepository } from '../assessment/observation-set.repository';
import type { ObservationSetEntity } from '../assessment/persistence/observation-set.entity';
import type { PatientStore } from '../clinical-record/patient.store';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { Transactions } from '../database/unit-of-work';
import { UnitOfWork } from '../database/unit-of-work';
import type { AlertRepository } from './alert.repository';
import { AlertTimers } from './alert-timers.service';
import { OverdueAlerts } from './overdue-alerts';
import type { AlertsService } from './alerts.service';
import type { AlertEntity } from './persistence/alert.entity';

const config = shippedConfig({});
const manager = {} as EntityManager;
const MINUTE = 60_000;

/** A set taken `minutesAgo`, asking for observations every `interval` minutes (the ward's grace is 30 minutes). */
const set = (minutesAgo: number, interval: number | null, id = 'set-1') =>
  ({
    id,
    patientId: 'patient-1',
    wardId: 'maternity-a',
    effectiveAt: new Date(Date.now() - minutesAgo * MINUTE),
    clinicalRisk: 'low',
    chartId: 'mews',
    chartVersion: '1',
    result: { response: { observationIntervalMinutes: interval } },
  }) as unknown as ObservationSetEntity;

function setUp() {
  const unit = new UnitOfWork();
  const repository = {
    byId: jest.fn<Promise<AlertEntity | null>, unknown[]>(),
    openOfKind: jest.fn<Promise<AlertEntity | null>, unknown[]>().mockResolvedValue(null),
    lateEscalations: jest.fn().mockResolvedValue([]),
    overdueCandidates: jest.fn().mockResolvedValue([]),
  };
  const patients = { wardOfPatient: jest.fn().mockResolvedValue({ wardId: 'maternity-a' }) };
  const sets = {
    lockPatient: jest.fn().mockResolvedValue(undefined),
    latestSet: jest.fn<Promise<ObservationSetEntity | null>, unknown[]>(),
  };
  const transactions = {
    run: jest.fn((work: (m: EntityManager, u: UnitOfWork) => Promise<unknown>) => work(manager, unit)),
  };
  const alerts = {
    applyCommand: jest.fn().mockResolvedValue(undefined),
    raise: jest.fn().mockResolvedValue({ id: 'new-alert' }),
  };
  const timers = new AlertTimers(
    config,
    transactions as unknown as Transactions,
    repository as unknown as AlertRepository,
    sets as unknown as ObservationSetRepository,
    alerts as unknown as AlertsService,
    patients as unknown as PatientStore,
    new OverdueAlerts(config, repository as unknown as AlertRepository, alerts as unknown as AlertsService),
  );
  return { unit, repository, patients, sets, alerts, timers };
}

const raised = (overrides: Partial<AlertEntity> = {}) =>
  ({
    id: 'alert-1',
    state: 'raised',
    escalationStep: 1,
    nextEscalationAt: new Date(Date.now() - 5_000),
    ...overrides,
  }) as AlertEntity;

describe('AlertTimers: escalation timers', () => {
  it('escalates a still-unacknowledged alert whose time has come, with the row locked', async () => {
    const { timers, repository, alerts, unit } = setUp();
    const alert = raised();
    repository.byId.mockResolvedValue(alert);
    await expect(timers.escalate('alert-1', 1)).resolves.toBe('escalated');
    expect(repository.byId).toHaveBeenCalledWith(manager, 'alert-1', 'write');
    expect(alerts.applyCommand).toHaveBeenCalledWith(
      manager,
      alert,
      { type: 'escalate', reason: 'timeout' },
      unit,
    );
  });

  it.each([
    ['acknowledged since', raised({ state: 'acknowledged' })],
    ['already at another step', raised({ escalationStep: 2 })],
    ['without a timer', raised({ nextEscalationAt: null })],
  ])('does nothing for an alert %s', async (_name, alert) => {
    const { timers, repository, alerts } = setUp();
    repository.byId.mockResolvedValue(alert);
    await expect(timers.escalate('alert-1', 1)).resolves.toBe('no-longer-needed');
    expect(alerts.applyCommand).not.toHaveBeenCalled();
  });

  it('does not escalate early: a timer due in a minute is not due', async () => {
    const { timers, repository, alerts } = setUp();
    repository.byId.mockResolvedValue(raised({ nextEscalationAt: new Date(Date.now() + MINUTE) }));
    await expect(timers.escalate('alert-1', 1)).resolves.toBe('not-due');
    expect(alerts.applyCommand).not.toHaveBeenCalled();
  });
});

describe('AlertTimers: overdue observations', () => {
  it('raises an overdue alert once the interval and the ward’s grace have passed since the newest set', async () => {
    const { timers, alerts, unit, sets } = setUp();
    const latest = set(100, 60);
    sets.latestSet.mockResolvedValue(latest);
    await expect(timers.checkOverdue('patient-1', 'set-1')).resolves.toBe('raised');
    expect(sets.lockPatient).toHaveBeenCalledWith(manager, 'patient-1');
    const due = new Date(latest.effectiveAt.getTime() + 90 * MINUTE).toISOString();
    expect(alerts.raise).toHaveBeenCalledWith(
      manager,
      expect.objectContaining({
        kind: 'overdue',
        patientId: 'patient-1',
        wardId: 'maternity-a',
        set: latest,
        detail: expect.objectContaining({
          dueAt: due,
          intervalMinutes: 60,
          lastSetAt: latest.effectiveAt.toISOString(),
        }),
      }),
      unit,
    );
  });

  it.each([
    ['a newer set arrived', set(100, 60, 'set-2')],
    ['the interval plus grace has not passed', set(80, 60)],
    ['the response asks for no interval', set(500, null)],
  ])('is not overdue when %s', async (_name, latest) => {
    const { timers, sets, alerts } = setUp();
    sets.latestSet.mockResolvedValue(latest);
    await expect(timers.checkOverdue('patient-1', 'set-1')).resolves.toBe('not-overdue');
    expect(alerts.raise).not.toHaveBeenCalled();
  });

  it('never raises a second overdue alert', async () => {
    const { timers, repository, alerts, sets } = setUp();
    sets.latestSet.mockResolvedValue(set(100, 60));
    repository.openOfKind.mockResolvedValue({ id: 'overdue-0' } as AlertEntity);
    await expect(timers.checkOverdue('patient-1', 'set-1')).resolves.toBe('not-overdue');
    expect(alerts.raise).not.toHaveBeenCalled();
  });

  it('is not overdue for a patient on no configured ward', async () => {
    const { timers, patients, sets } = setUp();
    sets.latestSet.mockResolvedValue(set(100, 60));
    patients.wardOfPatient.mockResolvedValue({ wardId: null });
    await expect(timers.checkOverdue('patient-1', 'set-1')).resolves.toBe('not-overdue');
  });
});

describe('AlertTimers: the sweep and processing failures', () => {
  it('runs the timers whose job was lost and counts what they did', async () => {
    const { timers, repository, sets } = setUp();
    repository.lateEscalations.mockResolvedValue([
      { id: 'alert-1', step: 1 },
      { id: 'alert-2', step: 0 },
    ]);
    repository.byId.mockImplementation((_manager, id) =>
      Promise.resolve(id === 'alert-1' ? raised() : raised({ id: 'alert-2', state: 'resolved' })),
    );
    repository.overdueCandidates.mockResolvedValue([{ patientId: 'patient-1', setId: 'set-1' }]);
    sets.latestSet.mockResolvedValue(set(100, 60));
    await expect(timers.sweep()).resolves.toEqual({ escalated: 1, overdue: 1 });
    // Candidates are asked for by each configured ward's grace (maternity-a's is 30 minutes).
    const [graces, dueBy] = repository.overdueCandidates.mock.calls[0] as [Map<string, number>, Date];
    expect(graces.get('maternity-a')).toBe(30);
    expect([...graces.keys()]).toEqual(config.wards.wards.map((ward) => ward.id));
    expect(Math.abs(dueBy.getTime() - Date.now())).toBeLessThan(5_000);
  });

  it('audits a job that failed for good and raises one processing-failure alarm for the patient', async () => {
    const { timers, alerts, unit } = setUp();
    await timers.jobFailed(
      { name: 'assess-patient', id: '42', data: { patientId: 'patient-1' } },
      new Error('deadlock detected'),
    );
    expect(unit.audit).toEqual([
      expect.objectContaining({
        type: 'processing.failed',
        patientId: 'patient-1',
        wardId: 'maternity-a',
        details: { job: 'assess-patient', jobId: '42', error: 'deadlock detected' },
      }),
    ]);
    expect(alerts.raise).toHaveBeenCalledWith(
      manager,
      expect.objectContaining({ kind: 'processing-failure', patientId: 'patient-1', wardId: 'maternity-a' }),
      unit,
    );
  });

  it('only audits a failure when the patient already has an open processing-failure alarm', async () => {
    const { timers, repository, alerts, unit } = setUp();
    repository.openOfKind.mockResolvedValue({ id: 'failure-0' } as AlertEntity);
    await timers.jobFailed({ name: 'assess-patient', data: { patientId: 'patient-1' } }, new Error('x'));
    expect(unit.audit.map((entry) => entry.type)).toEqual(['processing.failed']);
    expect(alerts.raise).not.toHaveBeenCalled();
  });
});
