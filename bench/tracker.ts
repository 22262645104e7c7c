import { LatencyRecorder } from './latency';
import type { PostOutcome } from './poster';
import type { LatencySummary } from './latency';

/** One observation-set Bundle sent by the generator, and what became of it. */
interface SetRequest {
  readonly key: string;
  readonly patientKey: string;
  readonly effectiveMs: number;
  readonly step: number;
  readonly sentAt: number;
  respondedAt?: number;
  status?: number;
  error?: string;
  /** First receipt of its score on any screen. */
  receivedAt?: number;
  /** Received as part of a later set's score (the tile already showed a newer set). */
  coalesced: boolean;
  deliveries: number;
}

interface AlertArrival {
  readonly setId: string;
  readonly at: number;
}

export interface StepWindow {
  readonly step: number;
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface StepOutcome {
  /** Arrivals scheduled in the step (sent, or shed at the in-flight bound). */
  readonly offered: number;
  readonly accepted: number;
  readonly errors: Record<string, number>;
  readonly received: number;
  readonly coalesced: number;
  /** Accepted (2xx) but never seen on a screen by the end of the drain. */
  readonly missing: number;
  readonly acceptedPerSecond: number;
  readonly receivedPerSecond: number;
  /** HTTP 2xx → first receipt on a screen. */
  readonly latency: LatencySummary;
  /** Received on the screen before the generator had read the 2xx (recorded as 0 ms). */
  readonly receivedBeforeResponse: number;
  /** Request sent → first receipt on a screen (includes the HTTP response time). */
  readonly sendToScreen: LatencySummary;
  readonly httpResponse: LatencySummary;
  /** HTTP 2xx → the alert event of the set, for sets that raised or changed an alert. */
  readonly alertLatency: LatencySummary;
}

const perSecond = (count: number, window: StepWindow) =>
  Math.round((count / Math.max(1e-9, (window.endedAt - window.startedAt) / 1000)) * 10) / 10;

/**
 * Matches what the screens receive to the requests that caused it. A score event names the patient's ward, bed and
 * latest set time; it settles that set and every earlier set of the patient still owed (the screen now shows them),
 * so a set overtaken by a newer one before its tile was read is "coalesced", not lost. Alert events name the set
 * that caused them (setId), resolved through the score events.
 */
export class DeliveryTracker {
  private readonly requests = new Map<string, SetRequest>();
  private readonly owed = new Map<string, SetRequest[]>();
  private readonly setIds = new Map<string, string>();
  private readonly alertArrivals = new Map<string, AlertArrival>();
  unmatchedScores = 0;
  /** The first answers of each refusal kind, to say why (e.g. an OperationOutcome). */
  readonly refusals = new Map<string, string>();

  sent(key: string, patientKey: string, effectiveMs: number, step: number, at: number): void {
    const request: SetRequest = {
      key,
      patientKey,
      effectiveMs,
      step,
      sentAt: at,
      coalesced: false,
      deliveries: 0,
    };
    this.requests.set(key, request);
    const owed = this.owed.get(patientKey) ?? [];
    owed.push(request);
    this.owed.set(patientKey, owed);
  }

  responded(key: string, at: number, outcome: PostOutcome): void {
    const request = this.requests.get(key);
    if (!request) return;
    request.respondedAt = at;
    if ('status' in outcome) {
      request.status = outcome.status;
      if (outcome.detail !== undefined && !this.refusals.has(`HTTP ${outcome.status}`))
        this.refusals.set(`HTTP ${outcome.status}`, outcome.detail);
    } else request.error = outcome.error;
  }

  score(patientKey: string, key: string, setId: string | undefined, at: number): void {
    const request = this.requests.get(key);
    if (!request) {
      this.unmatchedScores += 1;
      return;
    }
    request.deliveries += 1;
    if (setId) this.setIds.set(setId, key);
    const owed = this.owed.get(patientKey) ?? [];
    const settled = owed.filter((candidate) => candidate.effectiveMs <= request.effectiveMs);
    for (const candidate of settled) {
      candidate.receivedAt = at;
      candidate.coalesced = candidate !== request;
    }
    this.owed.set(
      patientKey,
      owed.filter((candidate) => candidate.effectiveMs > request.effectiveMs),
    );
  }

  /** An alert event; `identity` tells apart events (alert id and version), so several screens count once. */
  alert(identity: string, setId: string | null, at: number): void {
    if (setId && !this.alertArrivals.has(identity)) this.alertArrivals.set(identity, { setId, at });
  }

  get pending(): number {
    let count = 0;
    for (const request of this.requests.values())
      if (request.receivedAt === undefined && request.error === undefined && isAccepted(request)) count += 1;
    return count;
  }

  /** Requests sent but not yet answered. */
  get inFlight(): number {
    let count = 0;
    for (const request of this.requests.values()) if (request.respondedAt === undefined) count += 1;
    return count;
  }

  outcome(window: StepWindow): StepOutcome {
    const latency = new LatencyRecorder();
    const sendToScreen = new LatencyRecorder();
    const httpResponse = new LatencyRecorder();
    const alertLatency = new LatencyRecorder();
    const errors: Record<string, number> = {};
    let offered = 0;
    let accepted = 0;
    let received = 0;
    let coalesced = 0;
    let receivedBeforeResponse = 0;
    let acceptedInWindow = 0;
    let receivedInWindow = 0;
    const inWindow = (at: number | undefined) =>
      at !== undefined && at >= window.startedAt && at <= window.endedAt;
    for (const request of this.requests.values()) {
      if (inWindow(request.respondedAt) && isAccepted(request)) acceptedInWindow += 1;
      // A refused set is settled by a later set's score too; it never reached a screen, so it is not counted.
      if (inWindow(request.receivedAt) && isAccepted(request)) receivedInWindow += 1;
      if (request.step !== window.step) continue;
      offered += 1;
      if (!isAccepted(request)) {
        const kind = request.error ?? (request.status === undefined ? 'no answer' : `HTTP ${request.status}`);
        errors[kind] = (errors[kind] ?? 0) + 1;
        continue;
      }
      accepted += 1;
      const respondedAt = request.respondedAt as number;
      httpResponse.record(respondedAt - request.sentAt);
      if (request.receivedAt === undefined) continue;
      received += 1;
      if (request.coalesced) coalesced += 1;
      if (request.receivedAt < respondedAt) receivedBeforeResponse += 1;
      latency.record(request.receivedAt - respondedAt);
      sendToScreen.record(request.receivedAt - request.sentAt);
    }
    for (const arrival of this.alertArrivals.values()) {
      const request = this.requests.get(this.setIds.get(arrival.setId) ?? '');
      if (request?.step === window.step && request.respondedAt !== undefined)
        alertLatency.record(arrival.at - request.respondedAt);
    }
    return {
      offered,
      accepted,
      errors,
      received,
      coalesced,
      missing: accepted - received,
      acceptedPerSecond: perSecond(acceptedInWindow, window),
      receivedPerSecond: perSecond(receivedInWindow, window),
      latency: latency.summary(),
      receivedBeforeResponse,
      sendToScreen: sendToScreen.summary(),
      httpResponse: httpResponse.summary(),
      alertLatency: alertLatency.summary(),
    };
  }
}

function isAccepted(request: SetRequest): boolean {
  return request.status !== undefined && request.status >= 200 && request.status < 300;
}
