import type { Redis } from 'ioredis';
import type { EntityManager } from 'typeorm';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { AlertRepository } from '../alerts/alert.repository';
import type { AlertEntity } from '../alerts/persistence/alert.entity';
import type { Transactions } from '../database/unit-of-work';
import { UnitOfWork } from '../database/unit-of-work';
import { DeliveryReceipts } from './delivery-receipts';

const manager = {} as EntityManager;
const screen = { id: 'midwife.1/hh-7', userId: 'midwife.1', role: 'midwife' };
const onMaternityA = (ward: string | null) => ward === 'maternity-a';

function setUp() {
  const redis = { set: jest.fn().mockResolvedValue('OK'), del: jest.fn().mockResolvedValue(1) };
  const unit = new UnitOfWork();
  const transactions = {
    run: jest.fn((work: (m: EntityManager, u: UnitOfWork) => Promise<unknown>) => work(manager, unit)),
  };
  const alerts = {
    reader: manager,
    byId: jest
      .fn<Promise<AlertEntity | null>, unknown[]>()
      .mockResolvedValue({ id: 'alert-1', patientId: 'patient-1', wardId: 'maternity-a' } as AlertEntity),
  };
  const receipts = new DeliveryReceipts(
    redis as unknown as Redis,
    shippedConfig({ BEACON_QUEUE_PREFIX: 'run7' }),
    transactions as unknown as Transactions,
    alerts as unknown as AlertRepository,
  );
  return { redis, unit, alerts, receipts };
}

describe('DeliveryReceipts: each screen counted once per alert step', () => {
  it('counts the first receipt of a screen for a step, kept for a day', async () => {
    const { receipts, redis } = setUp();
    await expect(receipts.firstTime('alert-1', 2, 'midwife.1/hh-7')).resolves.toBe(true);
    expect(redis.set).toHaveBeenCalledWith(
      'run7:delivered:alert-1:2:midwife.1/hh-7',
      '1',
      'EX',
      86_400,
      'NX',
    );
  });

  it('does not count the same screen and step again', async () => {
    const { receipts, redis } = setUp();
    redis.set.mockResolvedValue(null);
    await expect(receipts.firstTime('alert-1', 2, 'midwife.1/hh-7')).resolves.toBe(false);
  });

  it('counts a receipt when Redis cannot tell: twice in the audit trail is better than never', async () => {
    const { receipts, redis } = setUp();
    redis.set.mockRejectedValue(new Error('Connection is closed'));
    await expect(receipts.firstTime('alert-1', 0, 'display-a')).resolves.toBe(true);
  });

  it('forgets a receipt (its audit row did not commit), quietly when Redis is down', async () => {
    const { receipts, redis } = setUp();
    await receipts.forget('alert-1', 0, 'display-a');
    expect(redis.del).toHaveBeenCalledWith('run7:delivered:alert-1:0:display-a');
    redis.del.mockRejectedValue(new Error('Connection is closed'));
    await expect(receipts.forget('alert-1', 0, 'display-a')).resolves.toBeUndefined();
  });

  it('audits a screen’s first receipt of an alert step as delivered, and only the first', async () => {
    const { receipts, redis, unit } = setUp();
    await expect(receipts.record('alert-1', screen, 2, onMaternityA)).resolves.toBe(true);
    expect(unit.audit).toEqual([
      {
        type: 'alert.delivered',
        actor: { type: 'user', id: 'midwife.1' },
        patientId: 'patient-1',
        alertId: 'alert-1',
        wardId: 'maternity-a',
        details: { screen: 'midwife.1/hh-7', role: 'midwife', step: 2 },
      },
    ]);
    redis.set.mockResolvedValue(null);
    await expect(receipts.record('alert-1', screen, 2, onMaternityA)).resolves.toBe(false);
    expect(unit.audit).toHaveLength(1);
  });

  it('refuses a receipt for an alert of a ward the person may not see with 403, and forgets it', async () => {
    const { receipts, redis, alerts, unit } = setUp();
    alerts.byId.mockResolvedValue({ id: 'alert-1', patientId: 'patient-1', wardId: 'ward-b' } as AlertEntity);
    await expect(receipts.record('alert-1', screen, 0, onMaternityA)).rejects.toMatchObject({ status: 403 });
    expect(redis.del).toHaveBeenCalledWith('run7:delivered:alert-1:0:midwife.1/hh-7');
    expect(unit.audit).toEqual([]);
  });
});
