import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AssessmentModule } from '../assessment/assessment.module';
import { MetricsController } from '../metrics/metrics.controller';
import { HealthController } from './health.controller';
import { PipelineGauges } from './pipeline-gauges';

/** Liveness, readiness (with scoring lag and queue depth) and the Prometheus endpoint of the api process. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), AssessmentModule],
  controllers: [HealthController, MetricsController],
  providers: [PipelineGauges],
})
export class HealthModule {}
