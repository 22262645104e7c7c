import type { Redis } from 'ioredis';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import { DeliveryReceipts } from './delivery-receipts';

function setUp() {
  const redis = { set: jest.fn().mockResolvedValue('OK'), del: jest.fn().mockResolvedValue(1) };
  const receipts = new DeliveryReceipts(
    redis as unknown as Redis,
    shippedConfig({ BEACON_QUEUE_PREFIX: 'run7' }),
  );
  return { redis, receipts };
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
});
