import type { Redis } from 'ioredis';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import { WardSequence } from './ward-sequence';

function setUp() {
  const redis = { incr: jest.fn().mockResolvedValue(12), mget: jest.fn() };
  const sequence = new WardSequence(
    redis as unknown as Redis,
    shippedConfig({ BEACON_QUEUE_PREFIX: 'run7' }),
  );
  return { redis, sequence };
}

describe('WardSequence: each ward’s event number, shared through Redis', () => {
  it('takes the next number of a ward under this deployment’s prefix', async () => {
    const { sequence, redis } = setUp();
    await expect(sequence.next('maternity-a')).resolves.toBe(12);
    expect(redis.incr).toHaveBeenCalledWith('run7:ward-seq:maternity-a');
  });

  it('reads the latest numbers in one round trip, 0 for a ward that has had no event', async () => {
    const { sequence, redis } = setUp();
    redis.mget.mockResolvedValue(['41', null]);
    const numbers = await sequence.current(['maternity-a', 'transitional-care']);
    expect(redis.mget).toHaveBeenCalledWith(['run7:ward-seq:maternity-a', 'run7:ward-seq:transitional-care']);
    expect([...numbers]).toEqual([
      ['maternity-a', 41],
      ['transitional-care', 0],
    ]);
  });

  it('asks Redis nothing for no wards', async () => {
    const { sequence, redis } = setUp();
    await expect(sequence.current([])).resolves.toEqual(new Map());
    expect(redis.mget).not.toHaveBeenCalled();
  });
});
