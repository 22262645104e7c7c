import type { ModuleRef } from '@nestjs/core';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { OutboxRelay, jobIdFor } from './outbox-relay';
import type { OutboxRepository, PendingOutboxRow } from './persistence/outbox.repository';
import { JobName } from './queue.constants';

const manager = {} as EntityManager;
const row = (id: string, payload: object = { patientId: `patient-${id}`, reason: 'observation' }) =>
  ({ id, topic: JobName.AssessPatient, payload, run_at: null }) as PendingOutboxRow;

function setUp(addBulk: jest.Mock = jest.fn().mockResolvedValue([])) {
  const queue = { addBulk, listenerCount: () => 1, on: jest.fn() };
  const outbox = {
    claim: jest.fn().mockResolvedValue([]),
    markDispatched: jest.fn().mockResolvedValue(undefined),
    markHandedOver: jest.fn().mockResolvedValue(undefined),
  };
  const dataSource = {
    transaction: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(manager)),
  };
  const relay = new OutboxRelay(
    dataSource as unknown as DataSource,
    outbox as unknown as OutboxRepository,
    { env: { BEACON_OUTBOX_POLL_MS: 1000 } } as AppConfig,
    { get: () => queue } as unknown as ModuleRef,
  );
  return { relay, queue, outbox, dataSource };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('OutboxRelay: rows a process committed are handed to the queue by that process', () => {
  afterEach(() => jest.useRealTimers());

  it('adds one job per row, its id derived from the row id, then marks the rows handed over in one statement', async () => {
    const { relay, queue, outbox, dataSource } = setUp();
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    relay.handOver([row('41'), row('42', { patientId: 'patient-42', reason: 'observation', backlog: true })]);
    await settled();
    await jest.advanceTimersByTimeAsync(50);
    jest.useRealTimers();
    expect(queue.addBulk).toHaveBeenCalledWith([
      expect.objectContaining({
        name: JobName.AssessPatient,
        opts: { jobId: jobIdFor(JobName.AssessPatient, '41') },
      }),
      expect.objectContaining({ opts: { jobId: jobIdFor(JobName.AssessPatient, '42'), priority: 10 } }),
    ]);
    expect(outbox.markHandedOver).toHaveBeenCalledWith(['41', '42']);
    expect(dataSource.transaction).not.toHaveBeenCalled();
  });

  it('hands rows committed during a hand-over over together in the next one, and marks hand-overs together', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    let release: () => void = () => undefined;
    const addBulk = jest
      .fn()
      .mockImplementationOnce(() => new Promise((resolve) => (release = () => resolve([]))))
      .mockResolvedValue([]);
    const { relay, outbox } = setUp(addBulk);
    relay.handOver([row('1')]);
    relay.handOver([row('2')]);
    relay.handOver([row('3')]);
    release();
    await settled();
    await settled();
    expect(addBulk).toHaveBeenCalledTimes(2);
    expect(outbox.markHandedOver).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(49);
    expect(outbox.markHandedOver).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    jest.useRealTimers();
    expect(outbox.markHandedOver.mock.calls).toEqual([[['1', '2', '3']]]);
  });

  it('leaves the rows in PostgreSQL and kicks the relay when the queue refuses them', async () => {
    const { relay, outbox } = setUp(jest.fn().mockRejectedValue(new Error('Redis is down')));
    outbox.claim.mockResolvedValueOnce([row('41')]).mockResolvedValue([]);
    relay.handOver([row('41')]);
    await settled();
    await settled();
    expect(outbox.markHandedOver).not.toHaveBeenCalled();
    expect(outbox.claim).toHaveBeenCalledWith(manager, 200, 0);
    expect(outbox.markDispatched).not.toHaveBeenCalled();
  });

  it('claims only rows past the hand-over grace on its timer, and every waiting row on a kick', async () => {
    const { relay, outbox } = setUp();
    relay.kick(5);
    await settled();
    expect(outbox.claim).toHaveBeenLastCalledWith(manager, 200, 5);
    relay.kick();
    await settled();
    expect(outbox.claim).toHaveBeenLastCalledWith(manager, 200, 0);
  });

  it('keeps the timer’s grace for a drain it asked for while another drain ran', async () => {
    const { relay, outbox } = setUp();
    let release: (rows: PendingOutboxRow[]) => void = () => undefined;
    outbox.claim.mockImplementationOnce(() => new Promise((resolve) => (release = resolve)));
    relay.kick();
    relay.kick(5);
    release([]);
    await settled();
    await settled();
    expect(outbox.claim.mock.calls.map((call: unknown[]) => call[2] as number)).toEqual([0, 5]);
  });

  it('marks claimed rows dispatched inside the claiming transaction', async () => {
    const { relay, outbox, queue } = setUp();
    outbox.claim.mockResolvedValueOnce([row('7')]).mockResolvedValue([]);
    await relay.drainAll();
    expect(queue.addBulk).toHaveBeenCalledTimes(1);
    expect(outbox.markDispatched).toHaveBeenCalledWith(manager, ['7']);
  });
});
