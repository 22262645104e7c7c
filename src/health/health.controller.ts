import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import type { HealthCheckResult } from '@nestjs/terminus';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { ScoringLagMonitor } from '../assessment/scoring-lag.monitor';
import { Public } from '../auth/public.decorator';
import { QueueName } from '../queue/queue.constants';
import { REDIS } from '../redis/redis.module';

/**
 * Liveness and readiness for load balancers and orchestrators. Public: they reveal no patient data, and a probe
 * cannot hold a token (docs/security.md).
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly lag: ScoringLagMonitor,
    @InjectQueue(QueueName.Clinical) private readonly clinical: Queue,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 200 when PostgreSQL and Redis answer; 503 naming the failing dependency otherwise. Also reports scoring lag (the
   * oldest reading accepted but not yet scored) and the assessment queue's depth: information, not a failure (a
   * process behind on scoring should keep taking observations, which are stored durably first).
   */
  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    try {
      return await this.checkDependencies();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private checkDependencies(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.database.pingCheck('postgres').withTimeout(2000),
      () =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            await this.redis.ping();
          })
          .withTimeout(1000),
      () =>
        this.indicators
          .check('scoring')
          .attempt(async () => {
            const lag = await this.lag.current();
            const counts = await this.clinical.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
            return {
              lagSeconds: Math.round(Math.max(0, ...lag.map((ward) => ward.waitingSeconds))),
              unscoredReadings: lag.reduce((sum, ward) => sum + ward.readings, 0),
              queue: counts,
            };
          })
          .withTimeout(2000),
    ]);
  }
}
