import { performance } from 'node:perf_hooks';
import { signStaffToken } from '../../src/auth/staff-token';
import { SmartBackendClient } from '../../src/simulator/smart-backend-client';
import { ChaosCluster } from './cluster';
import type { ChaosPatient, SentSet } from './epr';
import { SimulatedEpr } from './epr';
import type { InjectedFault } from './faults';
import { FaultInjector, planFaults } from './faults';
import type { ChaosOptions, FaultType } from './options';
import { FAULT_TYPES, faultMix } from './options';
import type { Reconciliation, Spread } from './reconcile';
import { reconcile, spread } from './reconcile';
import type { ScreenRecord } from './screens';
import { ChaosScreen } from './screens';

const EPR_CLIENTS = 2;
const APIS = 2;
const WORKERS = 2;
/** Admissions in flight at once before the run starts. */
const ADMISSION_BATCH = 20;
/** Sending goes on at least this long after the last fault was restored (or a tenth of the run, if shorter). */
const AFTER_LAST_FAULT_MS = 30_000;

export interface FaultOutcome extends Omit<InjectedFault, 'injectedAt'> {
  /** Fault → the next set sent after it reaching a screen (for a dropped screen: that screen), ms. */
  readonly recoveryMs: number | null;
}

export interface ChaosReport {
  readonly tool: 'beacon-chaos';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly options: ChaosOptions;
  readonly method: Record<string, string>;
  readonly processes: { readonly api: number; readonly workers: number; readonly eprClients: number };
  readonly sending: {
    readonly seconds: number;
    readonly offeredPerSecond: number;
    readonly acceptedPerSecond: number;
    /** Answers other than 2xx seen by the EPR (each was retried), by kind. */
    readonly failures: Record<string, number>;
    /** Set taken → accepted (2xx), including every retry. */
    readonly takenToAcceptedMs: Spread & { readonly p99: number | null };
  };
  readonly faults: {
    readonly planned: Record<FaultType, number>;
    readonly injected: readonly FaultOutcome[];
    readonly recoveryByType: Record<FaultType, Spread>;
    readonly restoreByType: Record<FaultType, Spread>;
    readonly failedToRestore: number;
  };
  readonly screens: {
    readonly count: number;
    readonly unplannedDisconnects: number;
    readonly resyncs: number;
    readonly receiptFailures: number;
    readonly receiptErrors: Record<string, number>;
  };
  readonly reconciliation: Reconciliation;
  readonly deadlocksLogged: number;
  readonly unexpectedExits: readonly string[];
}

const METHOD = {
  beacon:
    'dist/src/main.js ×2 (BEACON_ROLE=api) and dist/src/worker.js ×2 (BEACON_ROLE=worker) as OS processes on a private PostgreSQL and a private Redis (no persistence: a restart loses every queued job); default timings except a short escalation ladder, BEACON_SET_WINDOW_MINUTES=0 and raised per-client and per-screen limits',
  epr: 'open loop at --rate: arrival i takes the next set of patient i mod N and queues it on her outbound queue (delivered in order); POST /fhir transaction Bundles round robin over the api processes; 5xx, 429, timeouts and refused connections are retried with the same Bundle (Observation ids fixed: intake is idempotent) with back-off and Retry-After',
  course:
    'each patient: admission (steady), then phases of --phase-sets sets: steady (MEWS 0), escalating (MEWS 4, urgent review), worse (MEWS 10, emergency review), repeated; nobody acknowledges, so the first escalating phase must raise her one alert and every worse phase must worsen it once',
  screens:
    'socket.io-client ward displays (ward-display staff tokens, stable screen ids), spread over the api processes; they confirm every alert shown (alert:received), re-join on a sequence gap or heartbeat resync and reconnect to the next api process when dropped',
  faults:
    'evenly spaced from 5 % to 90 % of the sending time, types in a seeded random order; killed processes restarted at once; Redis killed (SIGKILL) and started empty; PostgreSQL stopped with -m immediate and started; a screen drop closes its socket for 1 s',
  recovery:
    'fault injected → the first score event on a screen for a set the EPR took after the fault (for a dropped screen: on that screen)',
  reconciliation:
    'after sending stops and the EPR has delivered its queue, wait (bounded by --drain-seconds) until every accepted set is scored; then compare the EPR’s record with observation_set, fhir_resource, alert and audit_event rows, and verify the audit chain (src/audit/audit-reader.ts verifyChain)',
  timers:
    'lateness of each escalation timer that fired (alert.escalated, reason timeout): occurred_at minus the time it was due (raise: escalatesAt; worsen: its time + the first rung; escalation: escalatesAgainAt), grouped by the last fault injected at most 60 s before it fell due',
};

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}

/** Runs the chaos scenario end to end and returns its report (nothing is written here). */
export async function runChaos(
  options: ChaosOptions,
  say: (line: string) => void,
  signal?: AbortSignal,
): Promise<ChaosReport> {
  const interrupted = () => {
    if (signal?.aborted) throw new Error('interrupted');
  };
  const started = new Date();
  const clients = await Promise.all(
    Array.from({ length: EPR_CLIENTS }, (_, index) =>
      SmartBackendClient.create({
        clientId: `chaos-epr-${index + 1}`,
        sourceSystem: `urn:beacon:chaos:epr-${index + 1}`,
      }),
    ),
  );
  const cluster = await ChaosCluster.start({
    apis: APIS,
    workers: WORKERS,
    clients,
    ladderSeconds: options.ladderSeconds,
    say,
  });
  const record: ScreenRecord = {
    scores: [],
    alerts: [],
    unplannedDisconnects: 0,
    resyncs: 0,
    receiptFailures: 0,
    receiptErrors: {},
  };
  const screens: ChaosScreen[] = [];
  const epr = new SimulatedEpr(cluster.apiUrls, clients, options.phaseSets);
  try {
    const secret = new TextEncoder().encode(cluster.tokenSecret);
    for (let index = 0; index < options.screensPerWard; index += 1) {
      const screen = new ChaosScreen(
        `chaos-display-${index + 1}`,
        options.ward,
        cluster.apiUrls,
        () =>
          signStaffToken(
            secret,
            {
              userId: `chaos-display-${index + 1}`,
              name: `Chaos display ${index + 1}`,
              role: 'ward-display',
              wards: [options.ward],
            },
            3 * 3600,
          ),
        record,
        index,
      );
      await screen.open();
      screens.push(screen);
    }

    const patients: ChaosPatient[] = Array.from({ length: options.patients }, (_, index) => ({
      index,
      sourceId: `chaos-p${index + 1}`,
      wardId: options.ward,
      bed: `Chaos ${index + 1}`,
      client: index % EPR_CLIENTS,
    }));
    say(`admitting ${patients.length} patients to ${options.ward}`);
    for (let start = 0; start < patients.length; start += ADMISSION_BATCH) {
      const batch = patients.slice(start, start + ADMISSION_BATCH).map((patient) => epr.admit(patient));
      if (!(await until(() => batch.every((set) => set.acceptedAt !== undefined || set.rejected), 120_000)))
        throw new Error('admissions were not accepted within 120 s');
      const refused = batch.find((set) => set.rejected);
      if (refused) throw new Error(`admission refused: ${refused.rejected ?? ''}`);
    }

    const durationMs = options.minutes * 60_000;
    const plan = planFaults(options.faults, durationMs, options.seed);
    say(
      `sending ${options.rate} sets/s for ${options.minutes} min with ${plan.length} faults (${JSON.stringify(faultMix(options.faults))})`,
    );
    const injector = new FaultInjector(cluster, screens, say);
    const injected: InjectedFault[] = [];
    const sendStart = performance.now();
    let arrival = 0;
    let faultsDoneAt: number | null = null;
    const settleMs = Math.min(AFTER_LAST_FAULT_MS, durationMs / 10);
    const sender = (async () => {
      const interval = 1000 / options.rate;
      for (;;) {
        const elapsed = performance.now() - sendStart;
        // Restarts on a loaded machine can push the last faults past the planned time: keep sending until the
        // last one has had settleMs to show its recovery.
        const faultsSettled = faultsDoneAt !== null && performance.now() - faultsDoneAt >= settleMs;
        if ((elapsed >= durationMs && faultsSettled) || signal?.aborted) return;
        while (arrival * interval <= elapsed) {
          epr.observe(patients[arrival % patients.length] as ChaosPatient);
          arrival += 1;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(20, interval)));
      }
    })();
    const faulting = (async () => {
      for (const fault of plan) {
        const wait = sendStart + fault.atMs - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (signal?.aborted) break;
        injected.push(await injector.inject(fault.type));
      }
      faultsDoneAt = performance.now();
    })();
    let lastProgress = performance.now();
    const progress = setInterval(() => {
      if (performance.now() - lastProgress < 60_000) return;
      lastProgress = performance.now();
      const accepted = epr.sets.filter((set) => set.acceptedAt !== undefined).length;
      say(
        `${Math.round((performance.now() - sendStart) / 1000)} s: ${arrival} sets taken, ${accepted} accepted, ${epr.outstanding} queued at the EPR, ${injected.length} faults`,
      );
    }, 5000);
    await Promise.all([sender, faulting]);
    clearInterval(progress);
    interrupted();
    const sendSeconds = (performance.now() - sendStart) / 1000;

    say('sending stopped: waiting for the EPR to deliver its queue and for every accepted set to be scored');
    const drainMs = options.drainSeconds * 1000;
    await until(() => epr.outstanding === 0 || signal?.aborted === true, drainMs);
    const { Client } = await import('pg');
    const pending = async () => {
      const client = new Client({ connectionString: cluster.postgres.url(), connectionTimeoutMillis: 3000 });
      try {
        await client.connect();
        const rows = (
          await client.query<{ n: number }>('SELECT count(*)::int AS n FROM reading WHERE assessment_pending')
        ).rows;
        return rows[0]?.n ?? 1;
      } catch {
        return 1;
      } finally {
        await client.end().catch(() => undefined);
      }
    };
    // The EPR stops here, when its queue is empty or the drain time is up, and its last requests finish: what it
    // counts as accepted is final before anything is compared, and those last sets get their time to be scored.
    await epr.stop();
    await until(async () => signal?.aborted === true || (await pending()) === 0, drainMs);
    interrupted();
    // Timers due in the last moments get the timer sweep's interval (15 s by default) and a little more to fire.
    await new Promise((resolve) => setTimeout(resolve, 20_000));
    const timersDueBefore = Date.now() - 20_000;
    for (const screen of screens) screen.close();

    say('reconciling');
    const reconciliation = await reconcile({
      databaseUrl: cluster.postgres.url(),
      sets: epr.sets,
      screenAlerts: record.alerts,
      faults: injected,
      ladderSeconds: options.ladderSeconds,
      timersDueBefore,
    });
    const outcomes = injected.map((fault) => ({
      ...withoutMonotonic(fault),
      recoveryMs: recovery(fault, epr.sets, record),
    }));
    const byType = (pick: (fault: FaultOutcome) => number | null) =>
      Object.fromEntries(
        FAULT_TYPES.map((type) => [
          type,
          spread(
            outcomes
              .filter((fault) => fault.type === type)
              .flatMap((fault) => {
                const value = pick(fault);
                return value === null ? [] : [value];
              }),
          ),
        ]),
      ) as Record<FaultType, Spread>;
    const failures: Record<string, number> = {};
    for (const set of epr.sets)
      for (const [kind, count] of Object.entries(set.failures))
        failures[kind] = (failures[kind] ?? 0) + count;
    const acceptedSets = epr.sets.filter((set) => set.acceptedAt !== undefined && set.n > 0);
    const takenToAccepted = acceptedSets.map((set) => (set.acceptedAt as number) - set.createdAt);
    const sortedTaken = [...takenToAccepted].sort((a, b) => a - b);
    return {
      tool: 'beacon-chaos',
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      options,
      method: METHOD,
      processes: { api: APIS, workers: WORKERS, eprClients: EPR_CLIENTS },
      sending: {
        seconds: Math.round(sendSeconds),
        offeredPerSecond: Math.round((arrival / sendSeconds) * 10) / 10,
        acceptedPerSecond: Math.round((acceptedSets.length / sendSeconds) * 10) / 10,
        failures,
        takenToAcceptedMs: {
          ...spread(takenToAccepted),
          p99:
            sortedTaken.length > 0
              ? Math.round(sortedTaken[Math.floor((sortedTaken.length - 1) * 0.99)] as number)
              : null,
        },
      },
      faults: {
        planned: faultMix(options.faults),
        injected: outcomes,
        recoveryByType: byType((fault) => fault.recoveryMs),
        restoreByType: byType((fault) => fault.restoredAfterMs),
        failedToRestore: outcomes.filter((fault) => fault.error !== undefined).length,
      },
      screens: {
        count: screens.length,
        unplannedDisconnects: record.unplannedDisconnects,
        resyncs: record.resyncs,
        receiptFailures: record.receiptFailures,
        receiptErrors: record.receiptErrors,
      },
      reconciliation,
      deadlocksLogged: cluster.deadlocks(),
      unexpectedExits: cluster.unexpectedExits(),
    };
  } finally {
    await epr.stop();
    for (const screen of screens) screen.close();
    await cluster.stop();
  }
}

function withoutMonotonic(fault: InjectedFault): Omit<InjectedFault, 'injectedAt'> {
  const { injectedAt: _monotonic, ...rest } = fault;
  return rest;
}

/** Fault → the first screen receipt of a set taken after it (on the dropped screen, for a screen drop). */
function recovery(fault: InjectedFault, sets: readonly SentSet[], record: ScreenRecord): number | null {
  const after = new Map<string, number>();
  for (const set of sets)
    if (set.createdAt >= fault.injectedAt) after.set(`${set.patient.bed}|${set.effectiveAt}`, set.createdAt);
  let first: number | null = null;
  for (const seen of record.scores) {
    if (seen.at < fault.injectedAt) continue;
    if (fault.type === 'screen-drop' && seen.screen !== fault.target) continue;
    if (!after.has(`${seen.bed ?? ''}|${seen.effectiveAt}`)) continue;
    if (first === null || seen.at < first) first = seen.at;
  }
  return first === null ? null : Math.round(first - fault.injectedAt);
}
