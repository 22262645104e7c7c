import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { LatencyRecorder } from './latency';

export interface OpenLoopResult {
  readonly arrivals: number;
  readonly startedAt: number;
  readonly endedAt: number;
  /** How late arrivals were fired against their schedule (the generator's own health). */
  readonly lag: ReturnType<LatencyRecorder['summary']>;
}

/**
 * Fires `fire(i)` for arrival i at start + i/rate on the monotonic clock, for `durationMs`. It never waits for a
 * response: a slow system under test makes requests pile up instead of silently lowering the offered rate
 * (coordinated omission). Arrivals that fall due while the loop sleeps are fired together when it wakes.
 */
export async function runOpenLoop(
  rate: number,
  durationMs: number,
  fire: (index: number) => void,
): Promise<OpenLoopResult> {
  const total = Math.max(1, Math.floor((rate * durationMs) / 1000));
  const interval = 1000 / rate;
  const lag = new LatencyRecorder();
  const startedAt = performance.now();
  let next = 0;
  while (next < total) {
    const now = performance.now();
    while (next < total && startedAt + next * interval <= now) {
      lag.record(now - (startedAt + next * interval));
      fire(next);
      next += 1;
    }
    if (next < total) await sleep(Math.max(0, startedAt + next * interval - performance.now()));
  }
  return { arrivals: total, startedAt, endedAt: performance.now(), lag: lag.summary() };
}
