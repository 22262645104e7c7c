import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config';
import { BeaconMetrics } from './beacon-metrics';
import { metricsAuthorised } from './metrics-access';

/** A worker-only process has no HTTP server: this serves its /metrics on loopback when a port is configured. */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private server?: Server;

  constructor(
    private readonly metrics: BeaconMetrics,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const {
      BEACON_WORKER_METRICS_PORT: port,
      BEACON_METRICS_TOKEN: token,
      BEACON_ROLE: role,
    } = this.config.env;
    if (role !== 'worker' || port === 0 || !token) return;
    this.server = createServer((request, response) => {
      if (request.url !== '/metrics') return void response.writeHead(404).end();
      if (!metricsAuthorised(request.headers.authorization, token)) return void response.writeHead(401).end();
      this.metrics
        .render()
        .then(({ contentType, body }) => response.writeHead(200, { 'Content-Type': contentType }).end(body))
        .catch(() => response.writeHead(500).end());
    });
    this.server.listen(port, '127.0.0.1', () =>
      this.logger.log(`worker metrics on 127.0.0.1:${port}/metrics`),
    );
  }

  onApplicationShutdown(): void {
    this.server?.close();
  }
}
