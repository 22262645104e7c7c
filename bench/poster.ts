import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export type PostOutcome = { readonly status: number; readonly detail?: string } | { readonly error: string };

function networkError(error: Error): string {
  return `network (${(error as NodeJS.ErrnoException).code ?? error.name})`;
}

/**
 * Posts FHIR Bundles to `<url>/fhir` (round robin over the api processes' URLs) as one of the EPR clients whose
 * access tokens it holds. At most `maxInFlight` requests are outstanding; an arrival beyond that is shed and reported,
 * never queued here, so the generator cannot hide a backlog. It uses `node:http` with keep-alive connections rather
 * than `fetch`: the generator shares the machine with Beacon and the floor, and fetch took about twice the CPU per
 * request.
 */
export class BundlePoster {
  private outstanding = 0;
  private sent = 0;
  /**
   * Idle connections are closed after 4 s, before the server's keep-alive timeout (Node's 5 s) closes them: a request
   * sent on a connection the server is closing fails without reaching it.
   */
  private readonly agent = new Agent({ keepAlive: true, timeout: 4_000 });

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
    const url = new URL(`${this.urls[this.sent % this.urls.length] ?? ''}/fhir`);
    this.sent += 1;
    const body = Buffer.from(JSON.stringify(bundle));
    let settled = false;
    // `timer` is set below, before anything can answer (answers come on later turns of the event loop).
    const finish = (at: number, outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.outstanding -= 1;
      done(at, outcome);
    };
    const sending = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent: this.agent,
        headers: {
          'Content-Type': 'application/fhir+json',
          Accept: 'application/fhir+json',
          Authorization: `Bearer ${token}`,
          'Content-Length': body.length,
        },
      },
      (response) => {
        // The time is taken when the status arrived; the body is read so the connection goes back to the pool.
        const at = performance.now();
        const status = response.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        let detail = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (!ok && detail.length < 300) detail += chunk;
        });
        response.on('end', () => finish(at, ok ? { status } : { status, detail: detail.slice(0, 300) }));
        response.on('error', (error) => finish(performance.now(), { error: networkError(error) }));
      },
    );
    const timer = setTimeout(() => {
      finish(performance.now(), { error: 'timeout' });
      sending.destroy();
    }, this.timeoutMs);
    sending.on('error', (error) => finish(performance.now(), { error: networkError(error) }));
    sending.end(body);
    return true;
  }
}
