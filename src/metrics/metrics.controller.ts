import { Controller, Get, Headers, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { AppConfig } from '../config/app-config';
import { BeaconMetrics } from './beacon-metrics';
import { metricsAuthorised } from './metrics-access';

/**
 * Prometheus metrics of this process. Not a staff route: Prometheus holds a scrape token (BEACON_METRICS_TOKEN), not
 * a person's session, so the route checks that token itself; without one configured it does not exist.
 */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: BeaconMetrics,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const token = this.config.env.BEACON_METRICS_TOKEN;
    if (!token) throw new NotFoundException('metrics are off: set BEACON_METRICS_TOKEN');
    if (!metricsAuthorised(authorization, token))
      throw new UnauthorizedException('a valid metrics token is required');
    const { contentType, body } = await this.metrics.render();
    response.setHeader('Content-Type', contentType);
    return body;
  }
}
