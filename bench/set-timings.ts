import { Client } from 'pg';
import type { LatencySummary } from './latency';
import { LatencyRecorder } from './latency';

/** Where the time went inside Beacon for the sets of one step, from its own timestamps in PostgreSQL. */
export interface StepSetTimings {
  readonly offeredRate: number;
  /** Intake transaction began → its assessment job handed to BullMQ by the outbox relay. */
  readonly intakeToQueued: LatencySummary;
  /** Set taken (the bench stamps it just before sending) → scored and stored by the worker. */
  readonly sentToScored: LatencySummary;
}

export type SetTimings = StepSetTimings[];

async function summarise(client: Client, sql: string, parameters: unknown[]): Promise<LatencySummary> {
  const recorder = new LatencyRecorder();
  for (const row of (await client.query<{ ms: number | null }>(sql, parameters)).rows)
    if (row.ms !== null) recorder.record(Number(row.ms));
  return recorder.summary();
}

/** Timings per step, the steps found by their wall-clock bounds. */
export async function setTimings(
  databaseUrl: string,
  steps: readonly { offeredRate: number; wallClock: { from: string; to: string } }[],
): Promise<SetTimings> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const result: StepSetTimings[] = [];
    for (const { offeredRate, wallClock } of steps) {
      const window = [wallClock.from, wallClock.to];
      result.push({
        offeredRate,
        intakeToQueued: await summarise(
          client,
          `SELECT EXTRACT(EPOCH FROM (dispatched_at - created_at)) * 1000 AS ms FROM outbox
            WHERE topic = 'assess-patient' AND created_at BETWEEN $1 AND $2`,
          window,
        ),
        sentToScored: await summarise(
          client,
          `SELECT EXTRACT(EPOCH FROM (scored_at - effective_at)) * 1000 AS ms FROM observation_set
            WHERE effective_at BETWEEN $1 AND $2`,
          window,
        ),
      });
    }
    return result;
  } finally {
    await client.end();
  }
}
