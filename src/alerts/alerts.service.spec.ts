import type { EntityManager } from 'typeorm';
import { raisedAlert } from '../../test/unit/support/alert-fixtures';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { PatientStore } from '../clinical-record/patient.store';
import { UnitOfWork } from '../database/unit-of-work';
import type { BeaconMetrics } from '../metrics/beacon-metrics';
import { JobName } from '../queue/queue.constants';
import type { AlertBroadcast } from './alert-broadcast';
import type { AlertRepository } from './alert.repository';
import { AlertCommandError, AlertsService } from './alerts.service';
import type { Actor } from './domain/alert';
import type { AlertEntity } from './persistence/alert.entity';

const config = shippedConfig({});
const manager = {} as EntityManager;
const midwife: Actor = { id: 'midwife.a', name: 'Amara Okafor', role: 'midwife' };

const alert = (overrides: Partial<AlertEntity> = {}) =>
  ({
    id: 'alert-1',
    patientId: 'patient-1',
    wardId: 'maternity-a',
    ...raisedAlert({ raisedAt: new Date(Date.now() - 60_000) }),
    ...overrides,
  }) as AlertEntity;

function setUp() {
  const repository = {
    update: jest.fn().mockResolvedValue(undefined),
    insert: jest.fn((_manager: EntityManager, values: Partial<AlertEntity>) =>
      Promise.resolve({ id: 'new-alert', ...values } as AlertEntity),
    ),
  };
  const metrics = { acknowledgement: { observe: jest.fn() } };
  const service = new AlertsService(
    config,
    repository as unknown as AlertRepository,
    { afterCommit: jest.fn() } as unknown as AlertBroadcast,
    metrics as unknown as BeaconMetrics,
    {} as PatientStore,
  );
  return { service, repository, metrics };
}

describe('AlertsService.applyCommand: the pure transition decides, the service writes it down', () => {
  it('refuses an illegal move with 409 and the domain’s reason, writing nothing', async () => {
    const { service, repository } = setUp();
    const unit = new UnitOfWork();
    const refused = service.applyCommand(
      manager,
      alert({ state: 'resolved' }),
      { type: 'acknowledge', by: midwife },
      unit,
    );
    await expect(refused).rejects.toBeInstanceOf(AlertCommandError);
    await expect(refused).rejects.toMatchObject({ status: 409 });
    expect(repository.update).not.toHaveBeenCalled();
    expect(unit.audit).toEqual([]);
  });

  it('writes an acknowledgement, audits it as the midwife and measures the time to acknowledge', async () => {
    const { service, repository, metrics } = setUp();
    const unit = new UnitOfWork();
    await service.applyCommand(manager, alert(), { type: 'acknowledge', by: midwife }, unit);
    expect(repository.update).toHaveBeenCalledWith(
      manager,
      'alert-1',
      expect.objectContaining({
        state: 'acknowledged',
        acknowledgedBy: 'Amara Okafor',
        nextEscalationAt: null,
      }),
    );
    expect(unit.audit).toEqual([
      expect.objectContaining({
        type: 'alert.acknowledged',
        actor: { type: 'user', id: 'midwife.a' },
        alertId: 'alert-1',
      }),
    ]);
    expect(service.changedIn(unit)).toEqual(['alert-1']);
    expect(metrics.acknowledgement.observe).toHaveBeenCalledWith({ kind: 'deterioration' }, 60);
  });

  it('audits and broadcasts nothing for a second acknowledgement', async () => {
    const { service } = setUp();
    const unit = new UnitOfWork();
    await service.applyCommand(
      manager,
      alert({ state: 'acknowledged', acknowledgedBy: 'Amara Okafor' }),
      { type: 'acknowledge', by: midwife },
      unit,
    );
    expect(unit.audit).toEqual([]);
    expect(service.changedIn(unit)).toEqual([]);
  });

  it('records "escalating" as a response and as an escalation to the next person on the ladder', async () => {
    const { service } = setUp();
    const unit = new UnitOfWork();
    await service.applyCommand(
      manager,
      alert({ state: 'acknowledged', acknowledgedBy: 'Amara Okafor' }),
      { type: 'respond', by: midwife, response: 'escalating' },
      unit,
    );
    expect(unit.audit.map((entry) => entry.type)).toEqual(['alert.responded', 'alert.escalated']);
    expect(unit.audit[1]?.details).toMatchObject({ reason: 'requested', to: 'Registrar on call' });
  });

  it('writes a worse set onto the alert (its set, detail and title), audits it with the set and restarts the ladder', async () => {
    const { service, repository } = setUp();
    const unit = new UnitOfWork();
    await service.applyCommand(
      manager,
      alert({ state: 'acknowledged', acknowledgedBy: 'Amara Okafor', escalationStep: 1 }),
      { type: 'worsen', level: 'emergency-review', severity: 0, reviewWithinMinutes: 5 },
      unit,
      { setId: 'set-2', detail: { reviewWithinMinutes: 5 }, title: 'MEWS 9: high risk', commandId: 'cmd-1' },
    );
    const changes = repository.update.mock.calls[0]?.[2] as Partial<AlertEntity>;
    expect(changes).toMatchObject({
      state: 'raised',
      level: 'emergency-review',
      escalationStep: 0,
      acknowledgedBy: null,
      setId: 'set-2',
      title: 'MEWS 9: high risk',
      detail: { reviewWithinMinutes: 5 },
    });
    const due = changes.nextEscalationAt as Date;
    expect(due.getTime() - (changes.updatedAt as Date).getTime()).toBe(5 * 60_000);
    expect(unit.messages).toEqual([
      { job: JobName.EscalateAlert, payload: { alertId: 'alert-1', step: 0 }, runAt: due },
    ]);
    expect(unit.audit).toEqual([
      expect.objectContaining({
        type: 'alert.worsened',
        details: {
          from: 'acknowledged',
          to: 'raised',
          level: 'emergency-review',
          setId: 'set-2',
          commandId: 'cmd-1',
        },
      }),
    ]);
  });

  it('raises an alert with its first escalation timer at the shorter of the review time and the ladder’s first wait', async () => {
    const { service, repository } = setUp();
    const unit = new UnitOfWork();
    await service.raise(
      manager,
      {
        kind: 'concern',
        patientId: 'patient-1',
        wardId: 'maternity-a',
        level: 'concern',
        severity: 2,
        clinicalRisk: null,
        set: null,
        reviewWithinMinutes: 5,
        detail: { who: 'Midwife in charge' },
      },
      unit,
    );
    const values = repository.insert.mock.calls[0]?.[1];
    const due = values?.nextEscalationAt as Date;
    expect(due.getTime() - (values?.raisedAt as Date).getTime()).toBe(5 * 60_000);
    expect(values).toMatchObject({ state: 'raised', escalationStep: 0, title: 'Worry or concern raised' });
    expect(unit.messages).toEqual([
      { job: JobName.EscalateAlert, payload: { alertId: 'new-alert', step: 0 }, runAt: due },
    ]);
    expect(unit.audit).toEqual([
      expect.objectContaining({
        type: 'alert.raised',
        details: expect.objectContaining({ with: 'Midwife in charge', escalatesAt: due.toISOString() }),
      }),
    ]);
  });
});

describe('AlertsService.followPatient: her open alerts go with a patient who moved', () => {
  it('moves each open alert on another ward to hers, audited as moved and broadcast', async () => {
    const patients = { wardOfPatient: jest.fn().mockResolvedValue({ wardId: 'transitional-care' }) };
    const moving = {
      update: jest.fn().mockResolvedValue(undefined),
      openOfPatient: jest
        .fn()
        .mockResolvedValue([alert(), alert({ id: 'alert-2', wardId: 'transitional-care' })]),
    };
    const follow = new AlertsService(
      config,
      moving as unknown as AlertRepository,
      { afterCommit: jest.fn() } as unknown as AlertBroadcast,
      {} as BeaconMetrics,
      patients as unknown as PatientStore,
    );
    const unit = new UnitOfWork();
    await follow.followPatient(manager, 'patient-1', unit);
    expect(moving.update).toHaveBeenCalledTimes(1);
    expect(moving.update).toHaveBeenCalledWith(manager, 'alert-1', {
      wardId: 'transitional-care',
      updatedAt: expect.any(Date),
    });
    expect(unit.audit).toEqual([
      expect.objectContaining({
        type: 'alert.moved',
        alertId: 'alert-1',
        details: { from: 'maternity-a', to: 'transitional-care' },
      }),
    ]);
    expect(follow.changedIn(unit)).toEqual(['alert-1']);
  });
});
