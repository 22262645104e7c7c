import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { PostOutcome } from './poster';
import { BundlePoster } from './poster';
import type { BenchPatient } from './roster';
import { setBundle } from './roster';

/** An EPR reconnecting after an outage: `sets` old observation sets sent as fast as Beacon takes them. */
export interface BurstSettings {
  readonly sets: number;
  /** Live sets per second sent alongside (their latency is the figure that matters). */
  readonly liveRate: number;
  /** Requests the reconnecting EPR keeps outstanding. */
  readonly concurrency: number;
  readonly databaseUrl: string;
  /** Longest the burst step may last before it is reported as not drained. */
  readonly maxSeconds: number;
}

export interface BurstResult {
  readonly sets: number;
  readonly accepted: number;
  /** Answers that asked the EPR to come back (503 overloaded, 429) or failed in transit: resent, as an EPR does. */
  readonly resent: number;
  readonly refused: Record<string, number>;
  /** From the first backlog request to the last backlog 2xx. */
  readonly intakeSeconds: number | null;
  /** From the first backlog request until every accepted backlog set was scored. */
  readonly drainSeconds: number | null;
  readonly intakePerSecond: number | null;
  readonly drainPerSecond: number | null;
  readonly scored: number;
}

const RESEND_AFTER_MS = 200;
/** Backlog sets are at least this old: well before Beacon's live window. */
const BACKLOG_NEWEST_MS = 60 * 60_000;
const BACKLOG_SPAN_MS = 20 * 60 * 60_000;

const isResendable = (outcome: PostOutcome): boolean =>
  'error' in outcome || outcome.status === 503 || outcome.status === 429;

/**
 * Sends the backlog: each of `concurrency` senders posts the next old set and waits for its answer, resending after
 * 503, 429 or a network error. Set times are spread over the last day, oldest first, strictly increasing per
 * patient. Resolves when every set is answered for good.
 */
export class BacklogSender {
  private next = 0;
  private accepted = 0;
  private resent = 0;
  private readonly refused = new Map<string, number>();
  private firstSentAt: number | null = null;
  private lastAcceptedAt: number | null = null;
  readonly startedWallClock = Date.now();

  constructor(
    private readonly roster: readonly BenchPatient[],
    private readonly settings: BurstSettings,
    private readonly poster: BundlePoster,
    private readonly clientOf: (patient: BenchPatient) => number,
  ) {}

  /** Every backlog set is older than this (to find them in the database). */
  get newestEffectiveMs(): number {
    return this.startedWallClock - BACKLOG_NEWEST_MS;
  }

  /** Sends until every set is answered for good, or until `deadline` (performance.now()) passes. */
  async run(deadline: number): Promise<void> {
    await Promise.all(Array.from({ length: this.settings.concurrency }, () => this.sender(deadline)));
  }

  private async sender(deadline: number): Promise<void> {
    const perPatient = Math.ceil(this.settings.sets / this.roster.length);
    const spacing = Math.min(60_000, BACKLOG_SPAN_MS / perPatient);
    for (let index = this.next++; index < this.settings.sets; index = this.next++) {
      const patient = this.roster[index % this.roster.length] as BenchPatient;
      const n = Math.floor(index / this.roster.length);
      const at = new Date(this.newestEffectiveMs - BACKLOG_SPAN_MS + n * spacing).toISOString();
      // Sets 1000+ of a patient: well clear of the live sets' numbering (which decides steady or unwell).
      const bundle = setBundle(patient, 1000 + n, at);
      for (;;) {
        this.firstSentAt ??= performance.now();
        const outcome = await new Promise<PostOutcome>((resolve) => {
          if (!this.poster.post(this.clientOf(patient), bundle, (_at, answer) => resolve(answer)))
            resolve({ error: 'shed' });
        });
        if ('status' in outcome && outcome.status < 300) {
          this.accepted += 1;
          this.lastAcceptedAt = performance.now();
          break;
        }
        if (isResendable(outcome) && performance.now() < deadline) {
          this.resent += 1;
          await sleep(RESEND_AFTER_MS);
          continue;
        }
        const key = 'status' in outcome ? `HTTP ${outcome.status}` : outcome.error;
        this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
        break;
      }
    }
  }

  /** How many backlog sets are scored, and when the last of them was (Beacon's clock), read from PostgreSQL. */
  async scored(client: Client): Promise<{ readonly scored: number; readonly lastScoredAt: Date | null }> {
    const { rows } = await client.query<{ n: number; last: Date | null }>(
      `SELECT count(*)::int AS n, max(scored_at) AS last FROM observation_set
       WHERE is_current AND scored_at IS NOT NULL AND effective_at <= $1`,
      [new Date(this.newestEffectiveMs)],
    );
    return { scored: rows[0]?.n ?? 0, lastScoredAt: rows[0]?.last ?? null };
  }

  get acceptedSoFar(): number {
    return this.accepted;
  }

  result(lastScoredAt: Date | null, scored: number): BurstResult {
    const seconds = (end: number | null) =>
      end !== null && this.firstSentAt !== null ? Math.round(end - this.firstSentAt) / 1000 : null;
    const intakeSeconds = seconds(this.lastAcceptedAt);
    // performance.now() and the wall clock share an origin here: Beacon's scored_at is on the same machine's clock.
    const drainSeconds = seconds(lastScoredAt ? lastScoredAt.getTime() - performance.timeOrigin : null);
    const rate = (s: number | null) => (s && s > 0 ? Math.round((this.accepted / s) * 10) / 10 : null);
    return {
      sets: this.settings.sets,
      accepted: this.accepted,
      resent: this.resent,
      refused: Object.fromEntries(this.refused),
      intakeSeconds,
      drainSeconds,
      intakePerSecond: rate(intakeSeconds),
      drainPerSecond: rate(drainSeconds),
      scored,
    };
  }
}

/**
 * Runs the backlog to completion and waits (bounded) until Beacon has scored every accepted backlog set, polling
 * PostgreSQL once a second. `whileRunning` is polled too: the caller keeps live traffic going until this resolves.
 */
export async function runBacklog(
  roster: readonly BenchPatient[],
  settings: BurstSettings,
  urls: readonly string[],
  tokens: readonly string[],
  requestTimeoutMs: number,
  clientOf: (patient: BenchPatient) => number,
): Promise<BurstResult> {
  const poster = new BundlePoster(urls, tokens, settings.concurrency, requestTimeoutMs);
  const sender = new BacklogSender(roster, settings, poster, clientOf);
  const database = new Client({ connectionString: settings.databaseUrl });
  await database.connect();
  try {
    const deadline = performance.now() + settings.maxSeconds * 1000;
    let sent = false;
    const sending = sender.run(deadline).then(() => {
      sent = true;
    });
    let progress = await sender.scored(database);
    let drained = false;
    while (performance.now() < deadline) {
      await sleep(1000);
      progress = await sender.scored(database);
      if (sent && progress.scored >= sender.acceptedSoFar) {
        drained = true;
        break;
      }
    }
    await sending;
    return sender.result(drained ? progress.lastScoredAt : null, progress.scored);
  } finally {
    await database.end();
  }
}
