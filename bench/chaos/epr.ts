import { performance } from 'node:perf_hooks';
import type { Vitals } from '../../src/simulator/fhir-bundles';
import { admissionBundle, transactionBundle, vitalsObservations } from '../../src/simulator/fhir-bundles';
import type { SmartBackendClient } from '../../src/simulator/smart-backend-client';
import { STEADY, UNWELL } from '../roster';

/**
 * A patient's course, as phases of `phaseSets` sets each: steady, escalating (MEWS medium: urgent review), worse
 * (MEWS high: emergency review), and round again. Nobody acknowledges, so her one deterioration alert stays open:
 * the first escalating phase must raise it, every worse phase must worsen it (once), and nothing else may raise or
 * worsen. The vitals were chosen by hand against config/charts/mews.chart.json (totals 0, 4 and 10).
 */
export type Phase = 'steady' | 'escalating' | 'worse';
const COURSE: readonly Phase[] = ['steady', 'escalating', 'worse'];
export const PHASE_VITALS: Readonly<Record<Phase, Vitals>> = {
  steady: STEADY,
  escalating: UNWELL,
  worse: {
    respiratoryRate: 30,
    heartRate: 135,
    oxygenSaturation: 92,
    temperature: 39,
    systolicBP: 88,
    diastolicBP: 50,
    consciousness: 'A',
  },
};

export interface ChaosPatient {
  readonly index: number;
  /** The EPR's id (Patient/<sourceId>). */
  readonly sourceId: string;
  readonly wardId: string;
  readonly bed: string;
  /** The EPR client that owns her (Beacon knows a patient per source system). */
  readonly client: number;
}

/** One observation set as the EPR sent it, and what became of it. */
export interface SentSet {
  readonly patient: ChaosPatient;
  /** 0 is the admission's set. */
  readonly n: number;
  readonly effectiveAt: string;
  readonly phase: Phase;
  /** Which phase of her course (0, 1, 2, …): with `phase`, what alert event this set may cause. */
  readonly phaseIndex: number;
  readonly observationIds: readonly string[];
  /** Dropped once accepted (a long run takes tens of thousands of sets). */
  bundle: Record<string, unknown> | null;
  /** When the set was taken (monotonic ms), i.e. when the EPR first had it to send. */
  readonly createdAt: number;
  firstSentAt?: number;
  acceptedAt?: number;
  attempts: number;
  /** Answers other than 2xx, by kind (e.g. "HTTP 503", "network"). */
  readonly failures: Record<string, number>;
  /** A 4xx the EPR cannot fix by retrying: given up (Beacon refused the data). */
  rejected?: string;
}

export function phaseOf(n: number, phaseSets: number): { phase: Phase; phaseIndex: number } {
  if (n === 0) return { phase: 'steady', phaseIndex: 0 };
  const phaseIndex = Math.floor((n - 1) / phaseSets);
  return { phase: COURSE[phaseIndex % COURSE.length] as Phase, phaseIndex };
}

/** The alert event the first set of a phase must cause (nobody acknowledges, so the alert stays open). */
export function expectedEvent(phase: Phase, phaseIndex: number): 'alert.raised' | 'alert.worsened' | null {
  if (phase === 'escalating' && phaseIndex === 1) return 'alert.raised';
  if (phase === 'worse') return 'alert.worsened';
  return null;
}

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;
/** An api process that refused a connection is left out of the round robin this long. */
const DOWN_FOR_MS = 1000;
const REQUEST_TIMEOUT_MS = 15_000;
/** Access tokens live 300 s by default: renew well before. */
const TOKEN_RENEW_MS = 200_000;

/**
 * The simulated EPR: one outbound queue per patient (an interface engine delivers a patient's messages in order),
 * POST /fhir of transaction Bundles round robin over the api processes, and on 5xx, 429, a timeout or a refused
 * connection it sends the same Bundle again (same resource ids: Beacon's intake is idempotent), backing off and
 * honouring Retry-After. A 401 fetches a new access token first.
 */
export class SimulatedEpr {
  readonly sets: SentSet[] = [];
  private readonly queues = new Map<string, SentSet[]>();
  /** Each patient's delivery loop while it runs (one at a time per patient: her sets go in order). */
  private readonly busy = new Map<string, Promise<void>>();
  private readonly counts = new Map<string, number>();
  private readonly lastEffective = new Map<string, number>();
  private readonly tokens: ({ token: Promise<string>; at: number } | undefined)[] = [];
  private next = 0;
  private readonly downUntil = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly urls: readonly string[],
    private readonly clients: readonly SmartBackendClient[],
    private readonly phaseSets: number,
  ) {}

  /** Admits the patient: Patient, Encounter (ward, bed) and her first (steady) set, in one transaction. */
  admit(patient: ChaosPatient): SentSet {
    return this.enqueue(patient, 0, (at) =>
      admissionBundle(patient.sourceId, patient.wardId, PHASE_VITALS.steady, at, patient.bed),
    );
  }

  /** Takes her next set now and queues it for sending. */
  observe(patient: ChaosPatient): SentSet {
    const n = (this.counts.get(patient.sourceId) ?? 0) + 1;
    const { phase } = phaseOf(n, this.phaseSets);
    return this.enqueue(patient, n, (at) => {
      const resources = vitalsObservations(`Patient/${patient.sourceId}`, PHASE_VITALS[phase], at).map(
        (resource, index) => ({ ...resource, id: `${patient.sourceId}-${n}-${index}` }),
      );
      return transactionBundle(resources);
    });
  }

  /** Sets taken but not yet accepted (queued, or being retried). */
  get outstanding(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  /**
   * Stops sending and resolves once no request is in flight: a set the EPR counts as accepted after this resolves
   * cannot exist, so a reconciliation that starts afterwards compares like with like.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.busy.values());
  }

  private enqueue(
    patient: ChaosPatient,
    n: number,
    bundleAt: (at: string) => Record<string, unknown>,
  ): SentSet {
    this.counts.set(patient.sourceId, n);
    // Set times strictly increase per patient.
    const effectiveMs = Math.max(Date.now(), (this.lastEffective.get(patient.sourceId) ?? 0) + 1);
    this.lastEffective.set(patient.sourceId, effectiveMs);
    const effectiveAt = new Date(effectiveMs).toISOString();
    const bundle = bundleAt(effectiveAt);
    const entries = (bundle.entry as { resource: { resourceType: string; id?: string } }[]) ?? [];
    const set: SentSet = {
      patient,
      n,
      effectiveAt,
      ...phaseOf(n, this.phaseSets),
      observationIds: entries.flatMap((entry) =>
        entry.resource.resourceType === 'Observation' && entry.resource.id ? [entry.resource.id] : [],
      ),
      bundle,
      createdAt: performance.now(),
      attempts: 0,
      failures: {},
    };
    this.sets.push(set);
    const queue = this.queues.get(patient.sourceId) ?? [];
    queue.push(set);
    this.queues.set(patient.sourceId, queue);
    if (!this.busy.has(patient.sourceId)) {
      const loop = this.deliver(patient.sourceId).finally(() => this.busy.delete(patient.sourceId));
      this.busy.set(patient.sourceId, loop);
    }
    return set;
  }

  private async deliver(sourceId: string): Promise<void> {
    const queue = this.queues.get(sourceId) ?? [];
    let backoff = RETRY_MIN_MS;
    while (queue.length > 0 && !this.stopped) {
      const set = queue[0] as SentSet;
      const outcome = await this.post(set);
      if (outcome.kind === 'done') {
        queue.shift();
        backoff = RETRY_MIN_MS;
        continue;
      }
      const wait = outcome.retryAfterMs ?? backoff;
      if (outcome.retryAfterMs === undefined) backoff = Math.min(RETRY_MAX_MS, backoff * 2);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private isDown(url: string): boolean {
    return (this.downUntil.get(url) ?? 0) > performance.now();
  }

  /** Round robin over the api processes, skipping one that refused a connection in the last DOWN_FOR_MS. */
  private pickUrl(): string {
    for (let tried = 0; tried < this.urls.length; tried += 1) {
      const url = this.urls[this.next % this.urls.length] as string;
      this.next += 1;
      if (!this.isDown(url)) return url;
    }
    const url = this.urls[this.next % this.urls.length] as string;
    this.next += 1;
    return url;
  }

  /** One token request at a time per client, renewed after TOKEN_RENEW_MS or when Beacon answers 401. */
  private token(client: number): Promise<string> {
    const known = this.tokens[client];
    if (known && performance.now() - known.at < TOKEN_RENEW_MS) return known.token;
    // The assertion's audience is the public URL's token endpoint (the first api process's address); any api
    // process answers for it.
    const token = (this.clients[client] as SmartBackendClient).token(
      this.urls[0] as string,
      undefined,
      this.pickUrl(),
    );
    const entry = { token, at: performance.now() };
    this.tokens[client] = entry;
    token.catch(() => {
      if (this.tokens[client] === entry) this.tokens[client] = undefined;
    });
    return token;
  }

  private async post(set: SentSet): Promise<{ kind: 'done' } | { kind: 'retry'; retryAfterMs?: number }> {
    const fail = (kind: string, retryAfterMs?: number) => {
      set.failures[kind] = (set.failures[kind] ?? 0) + 1;
      return { kind: 'retry' as const, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    };
    let token: string;
    const entry = () => this.tokens[set.patient.client];
    try {
      token = await this.token(set.patient.client);
    } catch {
      return fail('token unavailable');
    }
    const url = this.pickUrl();
    set.attempts += 1;
    set.firstSentAt ??= performance.now();
    let response: Response;
    try {
      response = await fetch(`${url}/fhir`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/fhir+json',
          Accept: 'application/fhir+json',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify(set.bundle),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const body = await response.text();
      if (response.ok) {
        set.acceptedAt = performance.now();
        set.bundle = null;
        return { kind: 'done' };
      }
      if (response.status === 401) {
        const current = entry();
        if (current && (await current.token.catch(() => '')) === token)
          this.tokens[set.patient.client] = undefined;
        return fail('HTTP 401');
      }
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        const retryAfter = Number(response.headers.get('retry-after'));
        return fail(
          `HTTP ${response.status}`,
          retryAfter > 0 ? Math.min(RETRY_MAX_MS, retryAfter * 1000) : undefined,
        );
      }
      set.rejected = `HTTP ${response.status}: ${body.slice(0, 300)}`;
      return { kind: 'done' };
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      if (name === 'TimeoutError') return fail('timeout');
      // A refused connection: that api process is down. Like a load balancer's health check, leave it out for a
      // moment and try the next one at once (back off only when every process refuses).
      this.downUntil.set(url, performance.now() + DOWN_FOR_MS);
      return fail('network', this.urls.some((candidate) => !this.isDown(candidate)) ? 0 : undefined);
    }
  }
}
