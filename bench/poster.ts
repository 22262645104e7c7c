import { performance } from 'node:perf_hooks';

export type PostOutcome = { readonly status: number; readonly detail?: string } | { readonly error: string };

/**
 * Posts FHIR Bundles to `<url>/fhir` (round robin over the api processes' URLs) as one of the EPR clients whose access tokens it holds. At most
 * `maxInFlight` requests are outstanding; an arrival beyond that is shed and reported, never queued here, so the
 * generator cannot hide a backlog.
 */
export class BundlePoster {
  private outstanding = 0;
  private sent = 0;

  constructor(
    /** One URL per api process: requests go round robin, as a load balancer would send them. */
    private readonly urls: readonly string[],
    private readonly tokens: readonly string[],
    private readonly maxInFlight: number,
    private readonly timeoutMs: number,
  ) {}

  get inFlight(): number {
    return this.outstanding;
  }

  /** Sends at once; `done` gets the monotonic time the answer (or failure) came. False when shed. */
  post(client: number, bundle: unknown, done: (at: number, outcome: PostOutcome) => void): boolean {
    if (this.outstanding >= this.maxInFlight) return false;
    this.outstanding += 1;
    const token = this.tokens[client % this.tokens.length] ?? '';
    const url = this.urls[this.sent % this.urls.length] ?? '';
    this.sent += 1;
    fetch(`${url}/fhir`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/fhir+json',
        Accept: 'application/fhir+json',
        Authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(bundle),
      signal: AbortSignal.timeout(this.timeoutMs),
    })
      .then(async (response) => {
        // The body is read so the connection goes back to the pool; the time is taken when the status arrived.
        const at = performance.now();
        const body = await response.text();
        done(
          at,
          response.ok ? { status: response.status } : { status: response.status, detail: body.slice(0, 300) },
        );
      })
      .catch((error: unknown) => {
        const name = error instanceof Error ? error.name : 'Error';
        done(performance.now(), { error: name === 'TimeoutError' ? 'timeout' : `network (${name})` });
      })
      .finally(() => {
        this.outstanding -= 1;
      });
    return true;
  }
}
