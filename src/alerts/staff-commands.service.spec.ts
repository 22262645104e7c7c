import type { EntityManager } from 'typeorm';
import type { ObservationSetRepository } from '../assessment/observation-set.repository';
import type { AuditEventRepository } from '../audit/persistence/audit-event.repository';
import type { PatientStore } from '../clinical-record/patient.store';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { Transactions } from '../database/unit-of-work';
import { UnitOfWork } from '../database/unit-of-work';
import type { AlertRepository } from './alert.repository';
import type { AlertViews } from './alert-views';
import type { AlertsService } from './alerts.service';
import { HttpError } from '../http/http-error';
import { AlertCommandError } from './alerts.service';
import type { Actor } from './domain/alert';
import type { AlertEntity } from './persistence/alert.entity';
import { StaffCommands } from './staff-commands.service';

const config = shippedConfig({});
const manager = {} as EntityManager;
const midwife: Actor = { id: 'midwife.a', name: 'Amara Okafor', role: 'midwife', device: 'handheld-7' };
const onMaternityA = (ward: string | null) => ward === 'maternity-a';
const row = (overrides: Partial<AlertEntity> = {}) =>
  ({
    id: 'alert-1',
    patientId: 'patient-1',
    wardId: 'maternity-a',
    kind: 'deterioration',
    ...overrides,
  }) as AlertEntity;

function setUp() {
  const unit = new UnitOfWork();
  const repository = {
    reader: manager,
    byId: jest.fn<Promise<AlertEntity | null>, unknown[]>().mockResolvedValue(row()),
    openOfKind: jest.fn<Promise<AlertEntity | null>, unknown[]>().mockResolvedValue(null),
  };
  const patients = { wardOfPatient: jest.fn().mockResolvedValue({ wardId: 'maternity-a' }) };
  const audit = {
    commandSeen: jest.fn<Promise<boolean>, unknown[]>().mockResolvedValue(false),
    concernRaisedBy: jest.fn<Promise<string | undefined>, unknown[]>().mockResolvedValue(undefined),
  };
  const transactions = {
    run: jest.fn((work: (m: EntityManager, u: UnitOfWork) => Promise<unknown>) => work(manager, unit)),
  };
  const alerts = {
    applyCommand: jest.fn().mockResolvedValue(undefined),
    raise: jest.fn().mockResolvedValue(row({ id: 'concern-1', kind: 'concern' })),
  };
  const views = { view: jest.fn().mockResolvedValue({ id: 'alert-1' }) };
  const staff = new StaffCommands(
    config,
    transactions as unknown as Transactions,
    repository as unknown as AlertRepository,
    { latestSet: jest.fn().mockResolvedValue(null) } as unknown as ObservationSetRepository,
    alerts as unknown as AlertsService,
    views as unknown as AlertViews,
    patients as unknown as PatientStore,
    audit as unknown as AuditEventRepository,
  );
  return { unit, repository, patients, audit, alerts, views, staff };
}

describe('StaffCommands: the command preamble (lock, 404, 403, retry), written once', () => {
  it('refuses an unknown alert with 404 naming it, and changes nothing', async () => {
    const { staff, repository, alerts } = setUp();
    repository.byId.mockResolvedValue(null);
    const refused = staff.command('alert-9', midwife, onMaternityA, { type: 'acknowledge' });
    await expect(refused).rejects.toThrow(HttpError);
    await expect(refused).rejects.toMatchObject({ status: 404 });
    expect(alerts.applyCommand).not.toHaveBeenCalled();
  });

  it('refuses a midwife acting on another ward’s alert with 403, before looking at the command id', async () => {
    const { staff, repository, alerts, audit } = setUp();
    repository.byId.mockResolvedValue(row({ wardId: 'transitional-care' }));
    await expect(
      staff.command('alert-1', midwife, onMaternityA, { type: 'acknowledge' }, 'cmd-00000001'),
    ).rejects.toMatchObject({ status: 403 });
    expect(audit.commandSeen).not.toHaveBeenCalled();
    expect(alerts.applyCommand).not.toHaveBeenCalled();
  });

  it('locks the alert row for a command', async () => {
    const { staff, repository } = setUp();
    await staff.command('alert-1', midwife, onMaternityA, { type: 'acknowledge' });
    expect(repository.byId).toHaveBeenCalledWith(manager, 'alert-1', 'write');
  });

  it('carries out a retried command (same command id) once: the second is answered with the current state', async () => {
    const { staff, alerts, views, audit } = setUp();
    audit.commandSeen.mockResolvedValue(true);
    const view = await staff.command(
      'alert-1',
      midwife,
      onMaternityA,
      { type: 'acknowledge' },
      'cmd-00000001',
    );
    expect(audit.commandSeen).toHaveBeenCalledWith(manager, 'alert-1', 'cmd-00000001');
    expect(alerts.applyCommand).not.toHaveBeenCalled();
    expect(view).toEqual({ id: 'alert-1' });
    expect(views.view).toHaveBeenCalledWith('alert-1');
  });

  it('applies the command with the actor from the session and the command id', async () => {
    const { staff, alerts, unit } = setUp();
    await staff.command(
      'alert-1',
      midwife,
      onMaternityA,
      { type: 'respond', response: 'not-required', reason: 'clinically-expected' },
      'cmd-00000002',
    );
    expect(alerts.applyCommand).toHaveBeenCalledWith(
      manager,
      expect.objectContaining({ id: 'alert-1' }),
      { type: 'respond', by: midwife, response: 'not-required', reason: 'clinically-expected' },
      unit,
      { commandId: 'cmd-00000002' },
    );
  });

  it('resolves with "reviewed" when no reason is given', async () => {
    const { staff, alerts } = setUp();
    await staff.command('alert-1', midwife, onMaternityA, { type: 'resolve' });
    expect(alerts.applyCommand.mock.calls[0]?.[2]).toEqual({
      type: 'resolve',
      by: midwife,
      reason: 'reviewed',
    });
  });

  it('runs a caller’s own check after the ward check (a prompt outcome on an alert that is not a prompt)', async () => {
    const { staff } = setUp();
    const refused = staff.alertForCommand(manager, 'alert-1', onMaternityA, {
      field: 'alertId: ',
      check: (alert) => {
        if (alert.kind !== 'prompt') throw new AlertCommandError(409, 'alertId: only a pathway prompt');
      },
    });
    await expect(refused).rejects.toMatchObject({ status: 409 });
  });
});

describe('StaffCommands: a worry raised about a patient', () => {
  it('adds a note to the open concern instead of raising a second one', async () => {
    const { staff, repository, alerts, unit } = setUp();
    repository.openOfKind.mockResolvedValue(row({ id: 'concern-0', kind: 'concern' }));
    await staff.raiseConcern('patient-1', midwife, onMaternityA, 'looks grey', 'cmd-00000003');
    expect(alerts.raise).not.toHaveBeenCalled();
    expect(unit.audit).toEqual([
      expect.objectContaining({
        type: 'concern.raised',
        alertId: 'concern-0',
        details: expect.objectContaining({
          note: 'looks grey',
          alreadyOpen: true,
          commandId: 'cmd-00000003',
        }),
      }),
    ]);
  });

  it('raises a concern alert at the chart’s concern response of the ward’s default chart (MEWS)', async () => {
    const { staff, alerts, unit, patients } = setUp();
    await staff.raiseConcern('patient-1', midwife, onMaternityA, undefined);
    expect(patients.wardOfPatient).toHaveBeenCalledWith(manager, 'patient-1', 'write');
    expect(alerts.raise).toHaveBeenCalledWith(
      manager,
      expect.objectContaining({
        kind: 'concern',
        patientId: 'patient-1',
        wardId: 'maternity-a',
        level: 'concern',
        reviewWithinMinutes: 30,
        detail: expect.objectContaining({
          concern: true,
          raisedBy: { id: 'midwife.a', name: 'Amara Okafor', role: 'midwife' },
        }),
      }),
      unit,
    );
    expect(unit.audit.map((entry) => entry.type)).toEqual(['concern.raised']);
  });

  it('answers a retried concern with the alert it raised the first time', async () => {
    const { staff, alerts, views, audit } = setUp();
    audit.concernRaisedBy.mockResolvedValue('concern-7');
    await staff.raiseConcern('patient-1', midwife, onMaternityA, undefined, 'cmd-00000004');
    expect(alerts.raise).not.toHaveBeenCalled();
    expect(views.view).toHaveBeenCalledWith('concern-7');
  });

  it('refuses a patient on a ward the midwife does not cover', async () => {
    const { staff, alerts, patients } = setUp();
    patients.wardOfPatient.mockResolvedValue({ wardId: 'general-surgical' });
    await expect(staff.raiseConcern('patient-1', midwife, onMaternityA, undefined)).rejects.toMatchObject({
      status: 403,
    });
    expect(alerts.raise).not.toHaveBeenCalled();
  });
});
