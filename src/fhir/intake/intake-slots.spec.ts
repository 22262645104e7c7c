import { shippedConfig } from '../../../test/unit/support/shipped-config';
import { isPoolSaturated } from '../../database/database-errors';
import { BeaconMetrics } from '../../metrics/beacon-metrics';
import { IntakeSlots } from './intake-slots';

const settle = () => new Promise((resolve) => setImmediate(resolve));
let metrics: BeaconMetrics;
beforeEach(() => {
  metrics = new BeaconMetrics();
});

describe('IntakeSlots: intake never takes the connections reserved for everything else', () => {
  it('runs at most pool size − reserved transactions at once; the next waits for one to finish', async () => {
    const slots = new IntakeSlots(
      shippedConfig({ BEACON_DATABASE_POOL_SIZE: '3', BEACON_DATABASE_RESERVED_CONNECTIONS: '1' }),
      metrics,
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
      metrics,
    );
    await expect(slots.run(() => Promise.resolve('stored'))).resolves.toBe('stored');
  });

  it('frees the slot of a transaction that failed', async () => {
    const slots = new IntakeSlots(
      shippedConfig({ BEACON_DATABASE_POOL_SIZE: '2', BEACON_DATABASE_RESERVED_CONNECTIONS: '1' }),
      metrics,
    );
    await expect(slots.run(() => Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
    await expect(slots.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('gives up a transaction that waited longer than the connection timeout: it never runs, and reads as overload', async () => {
    jest.useFakeTimers();
    try {
      const slots = new IntakeSlots(
        shippedConfig({
          BEACON_DATABASE_POOL_SIZE: '2',
          BEACON_DATABASE_RESERVED_CONNECTIONS: '1',
          BEACON_INTAKE_MAX_WAIT_MS: '3000',
        }),
        metrics,
      );
      let finishFirst: () => void = () => undefined;
      const first = slots.run(() => new Promise<string>((resolve) => (finishFirst = () => resolve('first'))));
      const ran: string[] = [];
      const late = slots.run(() => {
        ran.push('late');
        return Promise.resolve('late');
      });
      const lateOutcome = late.then(
        () => 'resolved',
        (error: unknown) => error,
      );
      await jest.advanceTimersByTimeAsync(2999);
      expect(slots.waiting).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      const error = await lateOutcome;
      expect(isPoolSaturated(error)).toBe(true);
      expect(slots.waiting).toBe(0);
      expect((await metrics.intakeOverloaded.get()).values).toEqual([
        expect.objectContaining({ labels: { reason: 'database-pool' }, value: 1 }),
      ]);

      // Its turn passes without running it, and the slot goes to the next transaction.
      finishFirst();
      await expect(first).resolves.toBe('first');
      await expect(slots.run(() => Promise.resolve('next'))).resolves.toBe('next');
      expect(ran).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('expects a newcomer to wait for those ahead of it, shared among the slots, at the recent mean hold', async () => {
    jest.useFakeTimers();
    try {
      const slots = new IntakeSlots(
        shippedConfig({ BEACON_DATABASE_POOL_SIZE: '3', BEACON_DATABASE_RESERVED_CONNECTIONS: '1' }),
        metrics,
      );
      const taking = (ms: number) => () => new Promise<void>((resolve) => setTimeout(resolve, ms));
      // Nothing waits: no wait, whatever the holds.
      expect(slots.expectedWaitMs()).toBe(0);
      const first = [slots.run(taking(100)), slots.run(taking(100))];
      await jest.advanceTimersByTimeAsync(100);
      await Promise.all(first);
      expect(slots.expectedWaitMs()).toBe(0);

      // Both slots busy, three waiting: the newcomer is fourth in line for two slots held 100 ms each.
      const busy = [1, 2, 3, 4, 5].map(() => slots.run(taking(100)));
      await jest.advanceTimersByTimeAsync(0);
      expect(slots.waiting).toBe(3);
      expect(slots.expectedWaitMs()).toBe(200);

      // Longer holds (a saturated machine) lengthen the estimate: the mean moves a sixteenth of the way.
      await jest.advanceTimersByTimeAsync(100);
      expect(slots.waiting).toBe(1);
      expect(slots.expectedWaitMs()).toBe(100);
      const slow = slots.run(taking(1700));
      await jest.advanceTimersByTimeAsync(200);
      await Promise.all(busy);
      await jest.advanceTimersByTimeAsync(1600);
      await slow;
      const blocked = [1, 2, 3].map(() => slots.run(taking(100)));
      await jest.advanceTimersByTimeAsync(0);
      expect(slots.waiting).toBe(1);
      expect(slots.expectedWaitMs()).toBe(((1 + 1) * (100 + (1700 - 100) / 16)) / 2);
      await jest.advanceTimersByTimeAsync(200);
      await Promise.all(blocked);
    } finally {
      jest.useRealTimers();
    }
  });
});
