import { shippedConfig } from '../../../test/unit/support/shipped-config';
import { IntakeSlots } from './intake-slots';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('IntakeSlots: intake never takes the connections reserved for everything else', () => {
  it('runs at most pool size − reserved transactions at once; the next waits for one to finish', async () => {
    const slots = new IntakeSlots(
      shippedConfig({ BEACON_DATABASE_POOL_SIZE: '3', BEACON_DATABASE_RESERVED_CONNECTIONS: '1' }),
    );
    const finish: (() => void)[] = [];
    const started: number[] = [];
    const transaction = (n: number) => () =>
      new Promise<number>((resolve) => {
        started.push(n);
        finish.push(() => resolve(n));
      });
    const runs = [1, 2, 3].map((n) => slots.run(transaction(n)));
    await settle();
    expect(started).toEqual([1, 2]);
    expect(slots.waiting).toBe(1);
    finish[0]?.();
    await expect(runs[0]).resolves.toBe(1);
    await settle();
    expect(started).toEqual([1, 2, 3]);
    expect(slots.waiting).toBe(0);
    finish[1]?.();
    finish[2]?.();
    await expect(Promise.all(runs)).resolves.toEqual([1, 2, 3]);
  });

  it('keeps one slot when the reservation would leave none', async () => {
    const slots = new IntakeSlots(
      shippedConfig({ BEACON_DATABASE_POOL_SIZE: '2', BEACON_DATABASE_RESERVED_CONNECTIONS: '5' }),
    );
    await expect(slots.run(() => Promise.resolve('stored'))).resolves.toBe('stored');
  });

  it('frees the slot of a transaction that failed', async () => {
    const slots = new IntakeSlots(
      shippedConfig({ BEACON_DATABASE_POOL_SIZE: '2', BEACON_DATABASE_RESERVED_CONNECTIONS: '1' }),
    );
    await expect(slots.run(() => Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
    await expect(slots.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
