import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import type { ScoringLagMonitor, WardScoringLag } from '../assessment/scoring-lag.monitor';
import { HealthController } from './health.controller';

const lagOf = (wardId: string | null, waitingSeconds: number, readings: number): WardScoringLag => ({
  wardId,
  waitingSeconds,
  readings,
});

function setUp() {
  // The checks run as terminus runs them: each indicator's result merged into one answer.
  const health = {
    check: jest.fn(async (checks: (() => PromiseLike<object>)[]) => {
      const results = await Promise.all(checks.map((check) => check()));
      return { status: 'ok', details: Object.assign({}, ...results) as object };
    }),
  };
  const database = { pingCheck: jest.fn(() => ({ withTimeout: () => ({ postgres: { status: 'up' } }) })) };
  const redis = { ping: jest.fn().mockResolvedValue('PONG') };
  const lag = { current: jest.fn<Promise<readonly WardScoringLag[]>, []>().mockResolvedValue([]) };
  const counts = { waiting: 3, prioritized: 0, active: 1, delayed: 12 };
  const clinical = { getJobCounts: jest.fn().mockResolvedValue(counts) };
  const response = { status: jest.fn() };
  const controller = new HealthController(
    health as unknown as HealthCheckService,
    database as unknown as TypeOrmHealthIndicator,
    new HealthIndicatorService(),
    redis as unknown as Redis,
    lag as unknown as ScoringLagMonitor,
    clinical as unknown as Queue,
  );
  const ready = () => controller.ready(response as unknown as Response);
  return { health, redis, lag, clinical, counts, response, ready, controller };
}

describe('HealthController: liveness and readiness', () => {
  it('is live whenever the process answers', () => {
    expect(setUp().controller.live()).toEqual({ status: 'ok' });
  });

  it('checks PostgreSQL, Redis and scoring, and reports the oldest wait and unscored readings over all wards', async () => {
    const { ready, lag, clinical, counts } = setUp();
    lag.current.mockResolvedValue([lagOf('maternity-a', 12.4, 3), lagOf(null, 40.6, 2)]);
    await expect(ready()).resolves.toMatchObject({
      details: {
        postgres: { status: 'up' },
        redis: { status: 'up' },
        scoring: { status: 'up', lagSeconds: 41, unscoredReadings: 5, queue: counts },
      },
    });
    expect(clinical.getJobCounts).toHaveBeenCalledWith('waiting', 'prioritized', 'active', 'delayed');
  });

  it('reports no lag, never a negative one, when nothing waits', async () => {
    const { ready } = setUp();
    await expect(ready()).resolves.toMatchObject({
      details: { scoring: { lagSeconds: 0, unscoredReadings: 0 } },
    });
  });

  it('reports Redis down when it does not answer', async () => {
    const { ready, redis } = setUp();
    redis.ping.mockRejectedValue(new Error('Connection is closed'));
    await expect(ready()).resolves.toMatchObject({ details: { redis: { status: 'down' } } });
  });

  it('answers 503 with the failing dependency named when a check fails', async () => {
    const { ready, health, response } = setUp();
    const body = { status: 'error', error: { redis: { status: 'down' } } };
    health.check.mockRejectedValue(new ServiceUnavailableException(body));
    await expect(ready()).resolves.toEqual(body);
    expect(response.status).toHaveBeenCalledWith(503);
  });

  it('lets any other failure through as an error, not as "not ready"', async () => {
    const { ready, health, response } = setUp();
    const bug = new TypeError('undefined is not a function');
    health.check.mockRejectedValue(bug);
    await expect(ready()).rejects.toBe(bug);
    expect(response.status).not.toHaveBeenCalled();
  });
});
