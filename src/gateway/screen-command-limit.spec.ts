import type { ThrottlerStorage } from '@nestjs/throttler';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import { staff } from '../../test/unit/support/staff';
import { ScreenCommandLimit } from './screen-command-limit';

function setUp(totalHits: number, timeToExpire = 12.2) {
  const storage: ThrottlerStorage = {
    increment: jest
      .fn()
      .mockResolvedValue({ totalHits, timeToExpire, isBlocked: false, timeToBlockExpire: 0 }),
  };
  const limit = new ScreenCommandLimit(storage, shippedConfig({ BEACON_SCREEN_COMMANDS_PER_MINUTE: '30' }));
  return { storage, limit };
}

describe('ScreenCommandLimit: commands per person per minute', () => {
  it('counts each person’s commands over a minute, against the configured limit', async () => {
    const { limit, storage } = setUp(1);
    await limit.take(staff());
    expect(storage.increment).toHaveBeenCalledWith('screen:midwife.1', 60_000, 30, 0, 'screen-commands');
  });

  it('allows the 30th command of a minute', async () => {
    const { limit } = setUp(30);
    await expect(limit.take(staff())).resolves.toBeUndefined();
  });

  it('refuses the 31st with 429, saying how many whole seconds to wait', async () => {
    const { limit } = setUp(31, 12.2);
    await expect(limit.take(staff())).rejects.toMatchObject({
      status: 429,
      message: 'too many commands from this person (more than 30 a minute): wait 13 s and retry',
    });
  });

  it('never asks to wait less than a second', async () => {
    const { limit } = setUp(31, 0);
    await expect(limit.take(staff())).rejects.toThrow('wait 1 s and retry');
  });
});
