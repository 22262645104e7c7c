import type { SmartBackendClient } from './smart-backend-client';
import type { ScenarioStep, WardScenario } from './ward-scenario';

export interface SimulatedEprOptions {
  readonly beaconUrl: string;
  readonly client: SmartBackendClient;
  readonly scenario: WardScenario;
  /** Time between ticks of the scenario. */
  readonly tickMs: number;
  readonly log: (line: string) => void;
  /** Stop after this many ticks (default: run until stopped). */
  readonly ticks?: number;
  readonly now?: () => Date;
}

/** Access tokens last BEACON_ACCESS_TOKEN_TTL_SECONDS (at least 30 s); ask for a new one well before. */
const TOKEN_REUSE_MS = 20_000;

/**
 * The EPR of `npm run demo`: authenticates as a registered SMART backend client, admits the scenario's patients,
 * then sends the scenario's observation sets one tick at a time, as FHIR transaction Bundles to POST /fhir.
 * A Bundle Beacon did not accept (Beacon down, token expired, a 4xx) is kept and sent again at the next tick, in
 * order, so the ward's record never has a gap the EPR did not intend.
 */
export class SimulatedEpr {
  private timer: NodeJS.Timeout | undefined;
  private tickNumber = 0;
  private pending: ScenarioStep[] = [];
  private running: Promise<void> = Promise.resolve();
  private token: { value: string; at: number } | undefined;
  private stopped = false;

  constructor(private readonly options: SimulatedEprOptions) {}

  get ticksDone(): number {
    return this.tickNumber;
  }

  /** Sends the admissions (and their history) now, then one tick every tickMs. */
  async start(): Promise<void> {
    const now = this.now();
    this.pending.push(...this.options.scenario.admissions(now));
    this.options.log(`admitting ${this.options.scenario.patients.length} patients`);
    await this.send();
    this.schedule();
  }

  /** Stops ticking and waits for a Bundle in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.options.ticks !== undefined && this.tickNumber >= this.options.ticks) return;
    this.timer = setTimeout(() => {
      this.tickNumber += 1;
      this.pending.push(...this.options.scenario.tick(this.tickNumber, this.now()));
      this.running = this.send().finally(() => this.schedule());
    }, this.options.tickMs);
  }

  private async send(): Promise<void> {
    while (this.pending.length > 0 && !this.stopped) {
      const step = this.pending[0] as ScenarioStep;
      const outcome = await this.post(step).catch((error: unknown) =>
        error instanceof Error ? error.message : String(error),
      );
      if (outcome !== 'accepted') {
        this.options.log(`not accepted, will resend at the next tick: ${step.description} (${outcome})`);
        if (outcome === 'unauthorised') this.token = undefined;
        return;
      }
      this.pending.shift();
      this.options.log(step.description);
    }
  }

  /** 'accepted', 'unauthorised', or why Beacon did not accept the Bundle. */
  private async post(step: ScenarioStep): Promise<string> {
    const response = await fetch(`${this.options.beaconUrl}/fhir`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/fhir+json',
        Accept: 'application/fhir+json',
        Authorization: `Bearer ${await this.accessToken()}`,
      },
      body: JSON.stringify(step.bundle),
    });
    const text = await response.text();
    if (response.status === 401) return 'unauthorised';
    if (response.status !== 200) return `HTTP ${response.status}: ${text.slice(0, 300)}`;
    return 'accepted';
  }

  private async accessToken(): Promise<string> {
    if (!this.token || Date.now() - this.token.at > TOKEN_REUSE_MS)
      this.token = { value: await this.options.client.token(this.options.beaconUrl), at: Date.now() };
    return this.token.value;
  }
}
