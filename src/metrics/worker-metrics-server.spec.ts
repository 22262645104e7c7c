import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { BeaconMetrics } from './beacon-metrics';
import { WorkerMetricsServer } from './worker-metrics-server';

const TOKEN = 'scrape-token-0123456789abcdef';

/** A loopback port nobody is listening on (taken by the system, then let go). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function start(env: Record<string, string>) {
  const metrics = {
    render: jest.fn().mockResolvedValue({ contentType: 'text/plain; version=0.0.4', body: 'up 1' }),
  };
  const server = new WorkerMetricsServer(metrics as unknown as BeaconMetrics, shippedConfig(env));
  server.onApplicationBootstrap();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { metrics, server };
}

const get = (port: number, path: string, authorization?: string) =>
  fetch(`http://127.0.0.1:${port}${path}`, authorization ? { headers: { authorization } } : {});

describe('WorkerMetricsServer: a worker’s own /metrics on loopback', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('serves the metrics to the scrape token, on loopback, in a worker-only process', async () => {
    const port = await freePort();
    const { server } = await start({
      BEACON_ROLE: 'worker',
      BEACON_WORKER_METRICS_PORT: String(port),
      BEACON_METRICS_TOKEN: TOKEN,
    });
    stop = () => server.onApplicationShutdown();
    const answer = await get(port, '/metrics', `Bearer ${TOKEN}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    await expect(answer.text()).resolves.toBe('up 1');
    expect((await get(port, '/metrics')).status).toBe(401);
    expect((await get(port, '/metrics', 'Bearer wrong')).status).toBe(401);
    expect((await get(port, '/', `Bearer ${TOKEN}`)).status).toBe(404);
  });

  it('answers 500 when the metrics cannot be rendered', async () => {
    const port = await freePort();
    const { server, metrics } = await start({
      BEACON_ROLE: 'worker',
      BEACON_WORKER_METRICS_PORT: String(port),
      BEACON_METRICS_TOKEN: TOKEN,
    });
    stop = () => server.onApplicationShutdown();
    metrics.render.mockRejectedValue(new Error('collector failed'));
    expect((await get(port, '/metrics', `Bearer ${TOKEN}`)).status).toBe(500);
  });

  it.each([
    [
      'an api or all-in-one process (it has /metrics already)',
      { BEACON_ROLE: 'all', BEACON_METRICS_TOKEN: TOKEN },
    ],
    ['a worker with no scrape token', { BEACON_ROLE: 'worker' }],
  ])('listens on nothing in %s', async (_what, env) => {
    const port = await freePort();
    const { server } = await start({ ...env, BEACON_WORKER_METRICS_PORT: String(port) });
    stop = () => server.onApplicationShutdown();
    await expect(get(port, '/metrics', `Bearer ${TOKEN}`)).rejects.toThrow();
  });
});
