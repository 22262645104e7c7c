import type { Response } from 'express';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { BeaconMetrics } from './beacon-metrics';
import { MetricsController } from './metrics.controller';

const TOKEN = 'scrape-token-0123456789abcdef';

function setUp(env: Record<string, string> = { BEACON_METRICS_TOKEN: TOKEN }) {
  const metrics = {
    render: jest.fn().mockResolvedValue({ contentType: 'text/plain; version=0.0.4', body: 'up 1' }),
  };
  const response = { setHeader: jest.fn() };
  const controller = new MetricsController(metrics as unknown as BeaconMetrics, shippedConfig(env));
  const scrape = (authorization?: string) =>
    controller.scrape(authorization, response as unknown as Response);
  return { metrics, response, scrape };
}

describe('MetricsController: /metrics for Prometheus only', () => {
  it('does not exist (404) when no scrape token is configured', async () => {
    const { scrape, metrics } = setUp({});
    await expect(scrape(`Bearer ${TOKEN}`)).rejects.toMatchObject({ status: 404 });
    expect(metrics.render).not.toHaveBeenCalled();
  });

  it.each([
    ['no Authorization header', undefined],
    ['another token', 'Bearer scrape-token-0123456789abcdeX'],
    ['the token without "Bearer "', TOKEN],
    ['the token under another scheme', `Token: ${TOKEN}`],
    ['a longer token', `Bearer ${TOKEN}0`],
  ])('refuses %s with 401, rendering nothing', async (_what, authorization) => {
    const { scrape, metrics } = setUp();
    await expect(scrape(authorization)).rejects.toMatchObject({ status: 401 });
    expect(metrics.render).not.toHaveBeenCalled();
  });

  it('answers the metrics in Prometheus’s format to the scrape token', async () => {
    const { scrape, response } = setUp();
    await expect(scrape(`Bearer ${TOKEN}`)).resolves.toBe('up 1');
    expect(response.setHeader).toHaveBeenCalledWith('Content-Type', 'text/plain; version=0.0.4');
  });
});
