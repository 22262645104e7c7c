import { BeaconMetrics } from './beacon-metrics';

describe('BeaconMetrics: gauges read when Prometheus scrapes', () => {
  it('reads a gauge’s values at scrape time, with their labels', async () => {
    const metrics = new BeaconMetrics();
    let depth = 3;
    metrics.gauge('beacon_test_depth', 'Test depth.', ['queue'], () =>
      Promise.resolve([{ labels: { queue: 'clinical' }, value: depth }]),
    );
    expect((await metrics.render()).body).toContain('beacon_test_depth{queue="clinical"} 3');
    depth = 5;
    expect((await metrics.render()).body).toContain('beacon_test_depth{queue="clinical"} 5');
  });

  it('leaves a gauge empty, and the scrape whole, when its read fails', async () => {
    const metrics = new BeaconMetrics();
    metrics.gauge('beacon_test_failing', 'Test failing.', ['ward'], () => Promise.reject(new Error('down')));
    const { body } = await metrics.render();
    expect(body).toContain('# TYPE beacon_test_failing gauge');
    expect(body).not.toMatch(/^beacon_test_failing/m);
    expect(body).toContain('beacon_intake_resources_total');
  });

  it('drops a stale series: a ward that stopped waiting is no longer reported', async () => {
    const metrics = new BeaconMetrics();
    let wards = ['maternity-a', 'transitional-care'];
    metrics.gauge('beacon_test_lag', 'Test lag.', ['ward'], () =>
      Promise.resolve(wards.map((ward) => ({ labels: { ward }, value: 1 }))),
    );
    await metrics.render();
    wards = ['maternity-a'];
    expect((await metrics.render()).body).not.toContain('transitional-care');
  });

  it('keeps the first registration of a gauge name (a module initialised twice does not throw)', async () => {
    const metrics = new BeaconMetrics();
    metrics.gauge('beacon_test_once', 'First.', [], () => Promise.resolve([{ labels: {}, value: 1 }]));
    metrics.gauge('beacon_test_once', 'Second.', [], () => Promise.resolve([{ labels: {}, value: 2 }]));
    expect((await metrics.render()).body).toContain('beacon_test_once 1');
  });
});
