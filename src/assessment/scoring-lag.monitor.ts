import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { BeaconMetrics } from '../metrics/beacon-metrics';
import { ObservationSetRepository } from './observation-set.repository';

export interface WardScoringLag {
  readonly wardId: string | null;
  /** How long the ward's oldest reading waiting for assessment has waited. */
  readonly waitingSeconds: number;
  readonly readings: number;
}

/** Re-read at most this often, however many screens and scrapes ask. */
const FRESH_FOR_MS = 1000;

/**
 * How far behind scoring is, per ward, measured in PostgreSQL (readings accepted but not yet assessed): what the
 * screens' "Beacon is N s behind" banner, /health/ready and /metrics report. The queue cannot tell this alone: a
 * job lost with Redis's data leaves readings waiting with no job.
 */
@Injectable()
export class ScoringLagMonitor implements OnModuleInit {
  private cached?: { at: number; lag: Promise<readonly WardScoringLag[]> };

  constructor(
    private readonly dataSource: DataSource,
    private readonly sets: ObservationSetRepository,
    private readonly metrics: BeaconMetrics,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const ward = (lag: WardScoringLag) => ({ ward: lag.wardId ?? 'none' });
    this.metrics.gauge(
      'beacon_unscored_oldest_seconds',
      'Age of the oldest reading accepted but not yet scored, per ward.',
      ['ward'],
      async () => (await this.current()).map((lag) => ({ labels: ward(lag), value: lag.waitingSeconds })),
    );
    this.metrics.gauge(
      'beacon_unscored_readings',
      'Readings accepted but not yet scored, per ward.',
      ['ward'],
      async () => (await this.current()).map((lag) => ({ labels: ward(lag), value: lag.readings })),
    );
  }

  current(): Promise<readonly WardScoringLag[]> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > FRESH_FOR_MS) {
      const lag = this.sets.scoringLag(this.dataSource.manager);
      this.cached = { at: now, lag };
      lag.catch(() => (this.cached = undefined));
    }
    return this.cached.lag;
  }

  /** The ward's lag when it is past the warning threshold (screens say so); null when scoring keeps up. */
  async behind(wardId: string | null): Promise<number | null> {
    const lag = (await this.current()).find((candidate) => candidate.wardId === wardId);
    return lag && lag.waitingSeconds >= this.config.env.BEACON_SCORING_LAG_WARNING_SECONDS
      ? Math.round(lag.waitingSeconds)
      : null;
  }
}
