import type { ServiceProcess } from './service-process';

/** What a Beacon process started from dist/ by a harness (bench, chaos run) needs to know. */
export interface BeaconProcessSettings {
  readonly role: 'all' | 'api' | 'worker';
  readonly port: number;
  /** Every api process answers for the one public URL, as behind a load balancer (tokens name it as audience). */
  readonly publicUrl: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly clientsFile: string;
  readonly tokenSecret: string;
  /** Further variables (e.g. a ward file with a short escalation ladder). */
  readonly extra?: NodeJS.ProcessEnv;
}

/** The environment of a Beacon process run by a harness: demo mode, loopback, no upstream FHIR server. */
export function beaconEnvironment(settings: BeaconProcessSettings): NodeJS.ProcessEnv {
  return {
    ...process.env,
    BEACON_ROLE: settings.role,
    BEACON_CLINICAL_MODE: 'demo',
    BEACON_HTTP_HOST: '127.0.0.1',
    BEACON_HTTP_PORT: String(settings.port),
    BEACON_PUBLIC_URL: settings.publicUrl,
    BEACON_DATABASE_URL: settings.databaseUrl,
    BEACON_REDIS_URL: settings.redisUrl,
    BEACON_QUEUE_PREFIX: settings.queuePrefix,
    BEACON_CLIENTS_FILE: settings.clientsFile,
    BEACON_TOKEN_SECRET: settings.tokenSecret,
    BEACON_FHIR_UPSTREAM_URL: '',
    BEACON_LOG_LEVEL: 'warn',
    // The throttler protects Beacon from one EPR; here the aim is Beacon's own capacity.
    BEACON_RATE_LIMIT_PER_MINUTE: '10000000',
    // Sets a few ms apart would otherwise merge into one (they would in a real ward: readings minutes apart).
    BEACON_SET_WINDOW_MINUTES: '0',
    ...settings.extra,
  };
}

/** Waits for an api process to listen and answer /health/ready. */
export async function waitReady(url: string, beacon: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  await beacon.waitForOutput(/listening on/, timeoutMs);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5000) }).catch(
      () => undefined,
    );
    if (response?.ok) return;
    if (!beacon.running) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Beacon never became ready at ${url}/health/ready:\n${beacon.tail()}`);
}
