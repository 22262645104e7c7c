import type { EntityManager } from 'typeorm';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { Transactions } from '../database/unit-of-work';
import { UnitOfWork } from '../database/unit-of-work';
import type { PromptAlerts } from './prompt-alerts.service';
import type { Actor } from '../alerts/domain/alert';
import type { AlertEntity } from '../alerts/persistence/alert.entity';
import type { StaffCommands } from '../alerts/staff-commands.service';
import type { ClinicalRecordStore } from '../clinical-record/clinical-record.store';
import type { FhirResourceStore } from '../fhir/persistence/fhir-resource.store';
import { JobName } from '../queue/queue.constants';
import { PromptOutcomesService } from './prompt-outcomes.service';

const manager = {} as EntityManager;
const midwife: Actor = { id: 'midwife.a', name: 'Amara Okafor', role: 'midwife', device: 'handheld-7' };
const mayAct = () => true;
const WRITE_BACK = { BEACON_FHIR_WRITE_BACK: 'true', BEACON_FHIR_UPSTREAM_URL: 'https://epr.example/fhir' };

const prompt = (code: string, staffMayRecord: boolean, overrides: Partial<AlertEntity> = {}) =>
  ({
    id: 'prompt-1',
    kind: 'prompt',
    patientId: 'mother-1',
    wardId: 'maternity-a',
    title: code,
    promptCode: code,
    detail: { staffMayRecord, text: 'Refer her to stop smoking support (opt out)' },
    ...overrides,
  }) as AlertEntity;

function setUp(row: AlertEntity, env: Record<string, string> = {}, seen = false) {
  const unit = new UnitOfWork();
  const transactions = {
    run: jest.fn((work: (m: EntityManager, u: UnitOfWork) => Promise<unknown>) => work(manager, unit)),
  };
  const alerts = {
    close: jest.fn<Promise<void>, unknown[]>().mockResolvedValue(undefined),
  };
  // The command preamble is StaffCommands' decision: here it finds the row and runs the outcome's own check.
  const staff = {
    alertForCommand: jest.fn(
      (_m: unknown, _id: string, _may: unknown, options: { check: (a: AlertEntity) => void }) => {
        options.check(row);
        return Promise.resolve({ alert: row, seen });
      },
    ),
    viewOf: jest.fn().mockResolvedValue({ id: row.id }),
  };
  const resources = { store: jest.fn().mockResolvedValue({ row: { id: 'service-request-1' } }) };
  const record = { recordEvent: jest.fn().mockResolvedValue(undefined) };
  const service = new PromptOutcomesService(
    shippedConfig(env),
    transactions as unknown as Transactions,
    alerts as unknown as PromptAlerts,
    staff as unknown as StaffCommands,
    resources as unknown as FhirResourceStore,
    record as unknown as ClinicalRecordStore,
  );
  return { unit, alerts, staff, resources, record, service };
}

describe('PromptOutcomesService: staff record a prompt as done or not done', () => {
  it('refuses an escalation that is not a prompt with 409, and closes nothing', async () => {
    const { service, alerts } = setUp(prompt('smoking/co-test-due', true, { kind: 'deterioration' }));
    await expect(service.close('prompt-1', midwife, mayAct, { outcome: 'done' })).rejects.toMatchObject({
      status: 409,
      message: 'alertId: only a pathway prompt is recorded as done or not done',
    });
    expect(alerts.close).not.toHaveBeenCalled();
  });

  it('answers a retried command with the prompt as it is, changing nothing', async () => {
    const { service, alerts, staff } = setUp(prompt('smoking/co-test-due', true), {}, true);
    await expect(
      service.close('prompt-1', midwife, mayAct, { outcome: 'done' }, 'cmd-00000001'),
    ).resolves.toEqual({ id: 'prompt-1' });
    expect(staff.alertForCommand.mock.calls[0]?.[3]).toMatchObject({ commandId: 'cmd-00000001' });
    expect(alerts.close).not.toHaveBeenCalled();
  });

  it('records "not done" as missed, with the reason and the note', async () => {
    const { service, alerts, unit } = setUp(prompt('preterm/magnesium-sulphate', false));
    await service.close('prompt-1', midwife, mayAct, {
      outcome: 'not-done',
      reason: 'declined',
      note: 'mother asleep',
    });
    expect(alerts.close).toHaveBeenCalledWith(
      manager,
      expect.objectContaining({ id: 'prompt-1' }),
      { type: 'miss', reason: 'not done: declined (mother asleep)', by: midwife },
      unit,
      { details: { outcome: 'not-done', note: 'mother asleep' } },
    );
  });

  it('refuses "not done" with a reason outside the list with 422', async () => {
    const { service, alerts } = setUp(prompt('preterm/magnesium-sulphate', false));
    const input = { outcome: 'not-done', reason: 'forgot' } as unknown as { outcome: 'done' };
    await expect(service.close('prompt-1', midwife, mayAct, input)).rejects.toMatchObject({ status: 422 });
    expect(alerts.close).not.toHaveBeenCalled();
  });

  it('refuses "done" for a prompt the EPR’s record closes with 409, telling staff to record it there', async () => {
    const { service, alerts } = setUp(prompt('preterm/magnesium-sulphate', false));
    await expect(service.close('prompt-1', midwife, mayAct, { outcome: 'done' })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('is recorded in the EPR, whose record closes it') as unknown,
    });
    expect(alerts.close).not.toHaveBeenCalled();
  });

  it('records "done" for a smoke-free prompt as recorded by this person, with the command id', async () => {
    const { service, alerts, resources } = setUp(prompt('smoking/co-test-due', true));
    await service.close('prompt-1', midwife, mayAct, { outcome: 'done' }, 'cmd-00000002');
    expect(alerts.close.mock.calls[0]?.slice(2)).toEqual([
      { type: 'record', reason: 'recorded by Amara Okafor', by: midwife },
      expect.anything(),
      { commandId: 'cmd-00000002', details: { outcome: 'done', note: null } },
    ]);
    expect(resources.store).not.toHaveBeenCalled();
  });
});

describe('PromptOutcomesService: the opt-out referral', () => {
  const referral = () => prompt('smoking/opt-out-referral', true);

  it('records the referral as Beacon’s own ServiceRequest and a clinical event, and audits it', async () => {
    const { service, resources, record, unit, alerts } = setUp(referral());
    await service.close('prompt-1', midwife, mayAct, { outcome: 'done' });
    const stored = resources.store.mock.calls[0]?.[1] as { resource: fhir4.ServiceRequest };
    expect(stored).toMatchObject({
      sourceSystem: 'beacon',
      receivedVia: 'beacon',
      patientId: 'mother-1',
      sourceId: 'prompt-1',
    });
    expect(stored.resource).toMatchObject({
      resourceType: 'ServiceRequest',
      subject: { reference: 'Patient/mother-1' },
      requester: { display: 'Amara Okafor' },
      reasonCode: [{ text: 'Refer her to stop smoking support (opt out)' }],
    });
    expect(record.recordEvent).toHaveBeenCalledWith(
      manager,
      'mother-1',
      'service-request-1',
      expect.objectContaining({ kind: 'service-request', status: 'active' }),
    );
    expect(unit.audit).toEqual([
      expect.objectContaining({
        type: 'referral.recorded',
        actor: { type: 'user', id: 'midwife.a' },
        resourceId: 'service-request-1',
        details: { service: 'stop-smoking', by: 'Amara Okafor', role: 'midwife' },
      }),
    ]);
    expect(alerts.close.mock.calls[0]?.[4]).toEqual({
      details: { outcome: 'done', note: null, referral: 'service-request-1' },
    });
  });

  it('writes the referral upstream only when write-back is on and an upstream server is configured', async () => {
    const off = setUp(referral());
    await off.service.close('prompt-1', midwife, mayAct, { outcome: 'done' });
    expect(off.unit.messages).toEqual([]);

    const noServer = setUp(referral(), { BEACON_FHIR_WRITE_BACK: 'true' });
    await noServer.service.close('prompt-1', midwife, mayAct, { outcome: 'done' });
    expect(noServer.unit.messages).toEqual([]);

    const on = setUp(referral(), WRITE_BACK);
    await on.service.close('prompt-1', midwife, mayAct, { outcome: 'done' });
    expect(on.unit.messages).toEqual([
      expect.objectContaining({
        job: JobName.WriteBackReferral,
        payload: { resourceId: 'service-request-1' },
      }),
    ]);
  });

  it('refuses a referral prompt with no patient with 409, storing nothing', async () => {
    const { service, resources } = setUp(prompt('smoking/opt-out-referral', true, { patientId: null }));
    await expect(service.close('prompt-1', midwife, mayAct, { outcome: 'done' })).rejects.toMatchObject({
      status: 409,
    });
    expect(resources.store).not.toHaveBeenCalled();
  });
});
