import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import type { BeaconMetrics } from '../metrics/beacon-metrics';
import { PipelineGauges } from './pipeline-gauges';

type Sample = { labels: Record<string, string>; value: number };
const NOW = Date.parse('2026-03-01T10:00:00Z');

const queueOf = (name: string, counts: Record<string, number>, oldestAt?: number) => ({
  name,
  getJobCounts: jest.fn().mockResolvedValue(counts),
  getJobs: jest.fn().mockResolvedValue(oldestAt === undefined ? [] : [{ timestamp: oldestAt }]),
});

function setUp(pool?: { totalCount: number; idleCount: number; waitingCount: number }) {
  const reads = new Map<string, () => Promise<readonly Sample[]>>();
  const metrics = {
    gauge: (name: string, _help: string, _labels: unknown, read: () => Promise<readonly Sample[]>) =>
      reads.set(name, read),
  };
  const clinical = queueOf('clinical', { waiting: 4, active: 1, failed: 2 }, NOW - 2500);
  const timers = queueOf('timers', { delayed: 30 });
  const upstream = queueOf('upstream', {}, NOW + 1000);
  const gauges = new PipelineGauges(
    metrics as unknown as BeaconMetrics,
    { driver: { master: pool } } as unknown as DataSource,
    clinical as unknown as Queue,
    timers as unknown as Queue,
    upstream as unknown as Queue,
  );
  gauges.onModuleInit();
  const read = (name: string) => reads.get(name)?.() ?? Promise.resolve([]);
  return { read, clinical };
}

beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
afterEach(() => jest.restoreAllMocks());

describe('PipelineGauges: the pipeline as Prometheus scrapes it', () => {
  it('gives every queue a count in every state, 0 where the queue reports none', async () => {
    const { read, clinical } = setUp();
    const samples = await read('beacon_queue_jobs');
    expect(clinical.getJobCounts).toHaveBeenCalledWith(
      'waiting',
      'prioritized',
      'active',
      'delayed',
      'failed',
    );
    expect(samples).toHaveLength(15);
    const count = (queue: string, state: string) =>
      samples.find((sample) => sample.labels.queue === queue && sample.labels.state === state)?.value;
    expect([count('clinical', 'waiting'), count('clinical', 'failed'), count('clinical', 'delayed')]).toEqual(
      [4, 2, 0],
    );
    expect(count('timers', 'delayed')).toBe(30);
  });

  it('ages each queue’s oldest waiting job in seconds: 0 for an empty queue, never negative', async () => {
    const { read, clinical } = setUp();
    await expect(read('beacon_queue_oldest_waiting_seconds')).resolves.toEqual([
      { labels: { queue: 'clinical' }, value: 2.5 },
      { labels: { queue: 'timers' }, value: 0 },
      { labels: { queue: 'upstream' }, value: 0 },
    ]);
    expect(clinical.getJobs).toHaveBeenCalledWith(['waiting', 'prioritized'], 0, 0, true);
  });

  it('shows the database pool’s connections in use, idle and requests waiting', async () => {
    const { read } = setUp({ totalCount: 10, idleCount: 3, waitingCount: 2 });
    await expect(read('beacon_database_pool_connections')).resolves.toEqual([
      { labels: { state: 'total' }, value: 10 },
      { labels: { state: 'idle' }, value: 3 },
      { labels: { state: 'waiting' }, value: 2 },
    ]);
  });

  it('shows no pool series before the pool exists', async () => {
    const { read } = setUp();
    await expect(read('beacon_database_pool_connections')).resolves.toEqual([]);
  });
});
