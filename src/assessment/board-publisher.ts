/** A scored observation set, for screens that show the latest score per bed. */
export interface ScoreChange {
  readonly patientId: string;
  readonly wardId: string | null;
  readonly setId: string;
  readonly effectiveAt: string;
  readonly chartId: string;
  readonly total: number;
  readonly clinicalRisk: string;
  readonly escalate: boolean;
  readonly complete: boolean;
  /** When Beacon accepted the set's newest reading (the start of its set → screen latency). */
  readonly acceptedAt?: string;
}

/**
 * Where committed scores and ward moves go (each bed's tile on the ward screens). A port: assessment never imports
 * the gateway; the gateway's BroadcastModule provides the implementation.
 */
export abstract class BoardPublisher {
  abstract publishScores(changes: readonly ScoreChange[]): Promise<void>;
  /** A patient left or joined these wards (null: no ward) or changed bed: their screens must re-sync. */
  abstract publishWardsChanged(wardIds: readonly (string | null)[]): Promise<void>;
}
