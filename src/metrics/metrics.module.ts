import { Global, Module } from '@nestjs/common';
import { BeaconMetrics } from './beacon-metrics';
import { WorkerMetricsServer } from './worker-metrics-server';

/** The process's Prometheus registry, for every feature to count into; a worker-only process serves it itself. */
@Global()
@Module({ providers: [BeaconMetrics, WorkerMetricsServer], exports: [BeaconMetrics] })
export class MetricsModule {}
