import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import type { BurstResult, BurstSettings } from './burst';
import { runBacklog } from './burst';
import type { OpenLoopResult } from './open-loop';
import { runOpenLoop } from './open-loop';
import { BundlePoster } from './poster';
import type { ProcessUsage } from './process-usage';
import { sampleProcesses, usageBetween } from './process-usage';
import type { BenchPatient } from './roster';
import { admission, setBundle, setKey } from './roster';
import { openScreen } from './screen';
import type { StepOutcome, StepWindow } from './tracker';
import { DeliveryTracker } from './tracker';

/** A system under test: where to send, which processes to watch, whether patients must be admitted first. */
export interface Target {
  readonly name: string;
  /** The api processes' URLs: requests and screens are spread round robin over them. */
  readonly urls: readonly string[];
  readonly processes: Readonly<Record<string, () => readonly number[]>>;
  readonly admit: boolean;
  /** Runs once the patients are admitted, before the first step. */
  readonly afterAdmission?: () => Promise<void>;
}

export interface RampSettings {
  readonly rates: readonly number[];
  readonly stepSeconds: number;
  readonly drainSeconds: number;
  readonly screensPerWard: number;
  readonly maxInFlight: number;
  readonly requestTimeoutMs: number;
  /** EPR access tokens, one per client (the floor accepts any). */
  readonly eprTokens: readonly string[];
  /** A staff token for a screen of this ward. */
  readonly screenToken: (wardId: string) => Promise<string>;
  /** After the ramp: a backlog sent while live sets keep coming at `liveRate` (their latency is the last step's). */
  readonly burst?: BurstSettings;
}

export interface StepResult {
  readonly offeredRate: number;
  readonly seconds: number;
  /** Wall-clock bounds of the step (ISO), to find its sets in the database. */
  readonly wallClock: { readonly from: string; readonly to: string };
  readonly generatorLag: OpenLoopResult['lag'];
  /** The bench process's own event-loop delay p99 (ms): if high, its receive times are late too. */
  readonly benchEventLoopDelayP99: number;
  readonly inFlightAtEnd: number;
  readonly processes: Record<string, ProcessUsage | null>;
  readonly outcome: StepOutcome;
}

export interface RampResult {
  readonly steps: StepResult[];
  readonly screens: number;
  /** Score events that matched no request (e.g. from admissions or a patient re-scored). */
  readonly unmatchedScoreEvents: number;
  /** The first answer of each kind of refusal. */
  readonly refusals: Record<string, string>;
  readonly drainedAll: boolean;
  readonly burst: BurstResult | null;
}

const ADMISSION_CONCURRENCY = 8;
/** Live traffic during a burst runs in windows of this length until the backlog is scored. */
const BURST_LIVE_WINDOW_MS = 2000;
const ADMISSION_TIMEOUT_MS = 60_000;

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Runs the step ramp against one target: screens join every ward, (Beacon) the patients are admitted and their first
 * scores awaited, then each step offers its rate open-loop, round robin over the patients; after the last step the
 * run waits (bounded) for the socket events still owed.
 */
export async function runRamp(
  target: Target,
  roster: readonly BenchPatient[],
  settings: RampSettings,
): Promise<RampResult> {
  const tracker = new DeliveryTracker();
  const wardIds = [...new Set(roster.map((patient) => patient.wardId))];
  const screens: Socket[] = [];
  const listener = {
    score: (wardId: string, bed: string | null, effectiveAt: string, setId: string, at: number) =>
      tracker.score(`${wardId}|${bed ?? ''}`, setKey(wardId, bed, effectiveAt), setId, at),
    alert: (identity: string, setId: string | null, at: number) => tracker.alert(identity, setId, at),
  };
  const poster = new BundlePoster(
    target.urls,
    settings.eprTokens,
    settings.maxInFlight,
    settings.requestTimeoutMs,
  );
  const setsSent = new Map<string, number>();
  const lastEffective = new Map<string, number>();

  // Each patient belongs to one EPR client: Beacon knows a patient per source system.
  const clientOf = new Map(roster.map((patient, index) => [patient.sourceId, index]));
  const send = (patient: BenchPatient, step: number, bundleAt: (at: string) => unknown) => {
    const patientKey = `${patient.wardId}|${patient.bed}`;
    // Set times strictly increase per patient (a set older than the latest is handled differently by Beacon).
    const effectiveMs = Math.max(Date.now(), (lastEffective.get(patientKey) ?? 0) + 1);
    lastEffective.set(patientKey, effectiveMs);
    const effectiveAt = new Date(effectiveMs).toISOString();
    const key = setKey(patient.wardId, patient.bed, effectiveAt);
    const sentAt = performance.now();
    tracker.sent(key, patientKey, effectiveMs, step, sentAt);
    const client = clientOf.get(patient.sourceId) ?? 0;
    const posted = poster.post(client, bundleAt(effectiveAt), (at, outcome) =>
      tracker.responded(key, at, outcome),
    );
    if (!posted) tracker.responded(key, sentAt, { error: 'shed (in-flight bound)' });
  };

  try {
    for (const wardId of wardIds)
      for (let i = 0; i < settings.screensPerWard; i += 1) {
        const url = target.urls[screens.length % target.urls.length] ?? '';
        screens.push(await openScreen(url, await settings.screenToken(wardId), [wardId], listener));
      }

    if (target.admit) {
      for (let start = 0; start < roster.length; start += ADMISSION_CONCURRENCY) {
        const batch = roster.slice(start, start + ADMISSION_CONCURRENCY);
        for (const patient of batch) send(patient, -1, (at) => admission(patient, at));
        await until(() => poster.inFlight === 0, ADMISSION_TIMEOUT_MS);
      }
      const admitted = await until(
        () => tracker.pending === 0 && tracker.inFlight === 0,
        ADMISSION_TIMEOUT_MS,
      );
      if (!admitted)
        throw new Error(`${target.name}: admissions were not all scored within ${ADMISSION_TIMEOUT_MS} ms`);
      const refused = tracker.outcome({ step: -1, startedAt: 0, endedAt: 0 });
      if (refused.accepted !== refused.offered)
        throw new Error(`${target.name}: admissions refused: ${JSON.stringify(refused.errors)}`);
      await target.afterAdmission?.();
    }

    const windows: (StepWindow & Omit<StepResult, 'outcome'>)[] = [];
    let arrival = 0;
    const fireLive = (step: number) => () => {
      const patient = roster[arrival % roster.length] as BenchPatient;
      const n = (setsSent.get(patient.sourceId) ?? 0) + 1;
      setsSent.set(patient.sourceId, n);
      send(patient, step, (at) => setBundle(patient, n, at));
      arrival += 1;
    };
    /** Runs `load` as one step, measuring the processes and the generator over it. */
    const measured = async (
      step: number,
      rate: number,
      load: () => Promise<{ startedAt: number; endedAt: number; lag: OpenLoopResult['lag'] }>,
    ) => {
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const pids = Object.entries(target.processes).map(([name, list]) => [name, list()] as const);
      const before = pids.map(([name, list]) => [name, sampleProcesses(list)] as const);
      const from = new Date().toISOString();
      const loop = await load();
      const seconds = (loop.endedAt - loop.startedAt) / 1000;
      const processes = Object.fromEntries(
        pids.map(([name, list], index) => [
          name,
          usageBetween(before[index]?.[1] ?? null, sampleProcesses(list), seconds),
        ]),
      );
      delay.disable();
      windows.push({
        step,
        startedAt: loop.startedAt,
        endedAt: loop.endedAt,
        offeredRate: rate,
        seconds: Math.round(seconds * 100) / 100,
        wallClock: { from, to: new Date().toISOString() },
        generatorLag: loop.lag,
        benchEventLoopDelayP99: Math.round(delay.percentile(99) / 1e4) / 100,
        inFlightAtEnd: poster.inFlight,
        processes,
      });
    };
    for (const [step, rate] of settings.rates.entries())
      await measured(step, rate, () => runOpenLoop(rate, settings.stepSeconds * 1000, fireLive(step)));

    let burst: BurstResult | null = null;
    if (settings.burst) {
      const { burst: burstSettings } = settings;
      const step = settings.rates.length;
      await measured(step, burstSettings.liveRate, async () => {
        let done = false;
        const backlog = runBacklog(
          roster,
          burstSettings,
          target.urls,
          settings.eprTokens,
          settings.requestTimeoutMs,
          (patient) => clientOf.get(patient.sourceId) ?? 0,
        ).then((result) => {
          done = true;
          burst = result;
        });
        const startedAt = performance.now();
        let lag: OpenLoopResult['lag'] | undefined;
        while (!done) {
          const window = await runOpenLoop(burstSettings.liveRate, BURST_LIVE_WINDOW_MS, fireLive(step));
          lag = window.lag;
        }
        await backlog;
        return { startedAt, endedAt: performance.now(), lag: lag as OpenLoopResult['lag'] };
      });
    }
    const drainedAll = await until(
      () => tracker.pending === 0 && tracker.inFlight === 0,
      settings.drainSeconds * 1000,
    );
    return {
      steps: windows.map(({ step, startedAt, endedAt, ...result }) => ({
        ...result,
        outcome: tracker.outcome({ step, startedAt, endedAt }),
      })),
      screens: screens.length,
      unmatchedScoreEvents: tracker.unmatchedScores,
      refusals: Object.fromEntries(tracker.refusals),
      drainedAll,
      burst,
    };
  } finally {
    for (const screen of screens) screen.close();
  }
}
