import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Seconds: from a few milliseconds (a quiet ward) to a minute (a backlog). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** Seconds to acknowledge an escalation: from seconds to an hour. */
const ACKNOWLEDGEMENT_BUCKETS = [5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/**
 * This process's Prometheus metrics (prom-client). The process's own (CPU, RSS, event-loop lag, heap) come from
 * prom-client's default collectors; Beacon's are here. Gauges read at scrape time are registered by the module that
 * owns the data (`gauge(...)`), so this class knows no feature.
 */
@Injectable()
export class BeaconMetrics {
  readonly registry = new Registry();

  readonly intakeResources = new Counter({
    name: 'beacon_intake_resources_total',
    help: 'FHIR resources received, by resource type and outcome (created, new-version, unchanged, rejected, failed: a batch entry not stored).',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly intakeOverloaded = new Counter({
    name: 'beacon_intake_overloaded_total',
    help: 'Requests answered 503 because the database pool or the assessment queue was saturated.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly setToBroadcast = new Histogram({
    name: 'beacon_set_to_screen_seconds',
    help: 'From the intake commit of an observation set to its score being broadcast to the screens.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly acknowledgement = new Histogram({
    name: 'beacon_acknowledgement_seconds',
    help: 'From an escalation being raised (or worsening) to its acknowledgement, by alert kind.',
    labelNames: ['kind'] as const,
    buckets: ACKNOWLEDGEMENT_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'beacon_process_' });
  }

  /** A gauge whose values are read when Prometheus scrapes (a failing read leaves the gauge empty, never throws). */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: () => Promise<readonly { labels: Partial<Record<L, string>>; value: number }[]>,
  ): void {
    if (this.registry.getSingleMetric(name)) return;
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const { labels, value } of await read()) this.set(labels, value);
        } catch {
          // An unreachable dependency shows as a missing series; /health/ready says why.
        }
      },
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
