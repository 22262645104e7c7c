import { Injectable, Logger } from '@nestjs/common';
import type { AfterCommit } from '../database/unit-of-work';
import { BeaconMetrics } from '../metrics/beacon-metrics';
import type { AssessmentOutcome } from './assessment.service';
import type { ScoreChange } from './board-publisher';
import { BoardPublisher } from './board-publisher';

/** Every set an assessment scored, late arrivals included (the chart shows them), as the screens are told of it. */
export function scoreChangesOf(outcome: AssessmentOutcome): ScoreChange[] {
  return outcome.sets.map((set) => ({
    patientId: outcome.patientId,
    wardId: set.wardId,
    setId: set.setId,
    effectiveAt: set.effectiveAt.toISOString(),
    chartId: set.chart.id,
    total: set.result.total,
    clinicalRisk: set.result.clinicalRisk,
    escalate: set.result.escalate,
    complete: set.result.complete,
    acceptedAt: set.acceptedAt.toISOString(),
  }));
}

/**
 * After an assessment commits, the screens that show the latest score per bed are told, and the time from accepting
 * a set's newest reading to this broadcast is measured. A failure never undoes the commit (screens re-sync).
 */
@Injectable()
export class ScoreBroadcast implements AfterCommit<ScoreChange> {
  private readonly logger = new Logger(ScoreBroadcast.name);

  constructor(
    private readonly publisher: BoardPublisher,
    private readonly metrics: BeaconMetrics,
  ) {}

  async afterCommit(scores: readonly ScoreChange[]): Promise<void> {
    try {
      await this.publisher.publishScores(scores);
      const now = Date.now();
      for (const score of scores)
        if (score.acceptedAt)
          this.metrics.setToBroadcast.observe(Math.max(0, now - Date.parse(score.acceptedAt)) / 1000);
    } catch (error) {
      this.logger.warn(`broadcast failed (screens will re-sync): ${String(error)}`);
    }
  }
}
