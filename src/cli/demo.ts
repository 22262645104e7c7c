/**
 * `npm run demo`: Beacon (api + worker, demo mode) on a fresh demonstration database, plus a simulated EPR that
 * admits a maternity ward and a transitional-care ward and sends their observations, with sign-in links for the
 * ward displays, the midwife's handheld and the audit view. Ctrl-C stops everything.
 *
 *   npm run demo -- [--port 3000] [--tick-seconds 15] [--database beacon_demo] [--queue-prefix beacon-demo]
 *                   [--ticks N] [--open | --no-open] [--verbose]
 *
 * Everything here is fictional; the charts in use are unverified placeholders (see docs/clinical-safety.md).
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { loadConfig } from '../config/app-config';
import type { StaffPrincipal } from '../auth/principal';
import { signStaffToken } from '../auth/staff-token';
import { DevIdentityProvider } from '../dev-identity/dev-identity-provider';
import { exitOnStartupFailure } from '../bootstrap/lifecycle';
import { preflight } from '../bootstrap/preflight';
import { startApi } from '../bootstrap/start';
import { SimulatedEpr } from '../simulator/simulated-epr';
import { SmartBackendClient } from '../simulator/smart-backend-client';
import { demoScenario } from '../simulator/ward-scenario';
import { failUsage, optionValue } from './cli-io';
import { claimScratchEnvironment, clearQueueState, freePort, recreateDatabase } from './scratch-environment';

const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);
const STAFF_TOKEN_HOURS = 12;

interface DemoOptions {
  readonly port: number;
  readonly tickMs: number;
  readonly database: string;
  readonly queuePrefix: string;
  readonly ticks: number | undefined;
  readonly open: boolean;
  readonly verbose: boolean;
}

function parseOptions(args: readonly string[]): DemoOptions | string {
  const number = (name: string, fallback: number) => {
    const text = optionValue(args, name);
    return text === undefined ? fallback : Number(text);
  };
  const port = number('--port', 3000);
  const tickSeconds = number('--tick-seconds', 15);
  const ticks = optionValue(args, '--ticks');
  const database = optionValue(args, '--database') ?? 'beacon_demo';
  const queuePrefix = optionValue(args, '--queue-prefix') ?? 'beacon-demo';
  if (!Number.isInteger(port) || port < 0 || port > 65535) return '--port: a port number (0: any free port)';
  if (!(tickSeconds > 0)) return '--tick-seconds: a positive number';
  if (ticks !== undefined && !(Number.isInteger(Number(ticks)) && Number(ticks) >= 0))
    return '--ticks: a whole number';
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) return '--database: lower-case letters, digits and _';
  if (!/^[A-Za-z0-9_-]+$/.test(queuePrefix)) return '--queue-prefix: letters, digits, - and _';
  const graphical =
    Boolean(process.env.DISPLAY ?? process.env.WAYLAND_DISPLAY) || process.platform === 'darwin';
  return {
    port,
    tickMs: Math.round(tickSeconds * 1000),
    database,
    queuePrefix,
    ticks: ticks === undefined ? undefined : Number(ticks),
    open: args.includes('--open') || (graphical && !args.includes('--no-open')),
    verbose: args.includes('--verbose'),
  };
}

interface SignInLink {
  readonly label: string;
  readonly url: string;
}

/** Ward displays: development token links until a display is paired (a display is a screen, not a person). */
async function displayLinks(config: AppConfig, base: string): Promise<SignInLink[]> {
  const links: SignInLink[] = [];
  for (const wardId of ['maternity-a', 'transitional-care']) {
    const ward = config.ward(wardId);
    const staff: Omit<StaffPrincipal, 'kind'> = {
      userId: `demo-display-${wardId}`,
      name: `${ward?.name ?? wardId} display`,
      role: 'ward-display',
      wards: [wardId],
    };
    const token = await signStaffToken(config.tokenSecret, staff, STAFF_TOKEN_HOURS * 3600);
    links.push({
      label: `Ward display, ${ward?.name ?? wardId}`,
      url: `${base}/ward/${wardId}#token=${token}`,
    });
  }
  return links;
}

/** The people of the development identity provider, to sign in with at the screens. */
function printSignIn(idp: DevIdentityProvider, base: string): void {
  process.stdout.write(
    `\n  Staff sign in through the development identity provider (${idp.issuer}), password "${idp.password}":\n`,
  );
  for (const user of idp.users) {
    const wards = user.role === 'midwife' ? ` on ${user.wards.join(' and ')}` : '';
    process.stdout.write(`    ${user.username.padEnd(12)} ${user.name}${wards}\n`);
  }
  process.stdout.write(
    `\n  Handheld: ${base}/handheld   Huddle (coordinator): ${base}/huddle   Escalation audit (auditor or admin): ${base}/audit/alerts\n  Quality-improvement measures (auditor, coordinator, admin): ${base}/measures   Charts: ${base}/charts   Paired displays (coordinator, admin): ${base}/admin/displays\n`,
  );
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : 'xdg-open';
  const child = spawn(command, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => say(`could not run ${command}; open the ward display link yourself`));
  child.unref();
}

/** The demonstration's own database and queue prefix, emptied and held by this process until it stops. */
async function freshEnvironment(base: AppConfig, options: DemoOptions) {
  const claim = await claimScratchEnvironment(base.env.BEACON_DATABASE_URL, options.database);
  say(`fresh demonstration database ${options.database}; queue prefix ${options.queuePrefix}`);
  const databaseUrl = await recreateDatabase(base.env.BEACON_DATABASE_URL, options.database);
  await clearQueueState(base.env.BEACON_REDIS_URL, options.queuePrefix);
  return { claim, databaseUrl };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (typeof options === 'string') return failUsage(`demo: ${options}`);

  const base = loadConfig();
  const port = options.port === 0 ? await freePort() : options.port;
  const beaconUrl = `http://127.0.0.1:${port}`;
  const { claim, databaseUrl } = await freshEnvironment(base, options);

  const client = await SmartBackendClient.create({
    clientId: 'demo-epr',
    sourceSystem: 'urn:beacon:demo:simulated-epr',
  });
  const workDir = mkdtempSync(join(tmpdir(), 'beacon-demo-'));
  const clientsFile = join(workDir, 'clients.json');
  writeFileSync(clientsFile, JSON.stringify({ clients: [client.registration('Simulated EPR (demo)')] }));

  const idp = await DevIdentityProvider.start({ beaconUrl });
  const config = loadConfig(process.env, process.cwd(), {
    BEACON_ROLE: 'all',
    BEACON_CLINICAL_MODE: 'demo',
    BEACON_HTTP_HOST: '127.0.0.1',
    BEACON_HTTP_PORT: String(port),
    BEACON_PUBLIC_URL: beaconUrl,
    BEACON_DATABASE_URL: databaseUrl,
    BEACON_QUEUE_PREFIX: options.queuePrefix,
    BEACON_CLIENTS_FILE: clientsFile,
    BEACON_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    BEACON_FHIR_UPSTREAM_URL: '',
    BEACON_OIDC_ISSUER: idp.issuer,
    BEACON_OIDC_CLIENT_ID: idp.clientId,
    BEACON_OIDC_CLIENT_SECRET: idp.clientSecret,
    BEACON_OIDC_SCOPES: 'openid profile offline_access beacon',
    BEACON_LOG_LEVEL: options.verbose ? 'info' : 'warn',
  });
  await preflight(config);
  try {
    await startApi(config);
  } catch (error) {
    rmSync(workDir, { recursive: true, force: true });
    await idp.close();
    await claim.release();
    if ((error as { code?: string }).code === 'EADDRINUSE')
      return failUsage(`demo: port ${port} is in use; try npm run demo -- --port 3100`);
    throw error;
  }

  const simulator = new SimulatedEpr({
    beaconUrl,
    client,
    scenario: demoScenario({ maternityWardId: 'maternity-a', newbornWardId: 'transitional-care' }),
    tickMs: options.tickMs,
    ...(options.ticks === undefined ? {} : { ticks: options.ticks }),
    log: (line) => process.stdout.write(`[epr] ${line}\n`),
  });
  // Stop the simulated EPR before Beacon drains (startApi's handler closes the app on the same signals).
  const stopSimulator = () => {
    say('stopping the simulated EPR');
    void simulator.stop().finally(() => {
      rmSync(workDir, { recursive: true, force: true });
      void idp.close();
      void claim.release();
    });
  };
  process.prependOnceListener('SIGINT', stopSimulator);
  process.prependOnceListener('SIGTERM', stopSimulator);

  const links = await displayLinks(config, beaconUrl);
  say('Beacon is running.');
  printSignIn(idp, beaconUrl);
  process.stdout.write('\n  Ward displays (development links, 12 hours):\n');
  for (const link of links) process.stdout.write(`\n  ${link.label}:\n  ${link.url}\n`);
  process.stdout.write(
    `\n  On a ward display, a bed's initials open that patient's observation chart; a baby's tile links its` +
      `\n  preterm passport.\n\n`,
  );
  say(
    `simulated EPR: ${options.tickMs / 1000} s per tick. Unverified placeholder charts — demonstration only. ` +
      'Ctrl-C stops everything.',
  );
  if (options.open && links[0]) openInBrowser(links[0].url);
  await simulator.start();
  say('ready: the simulated ward is admitted');
  return 0;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => exitOnStartupFailure(error),
);
