/**
 * `npm run bench`: Beacon's real-time path (EPR POST /fhir → intake → outbox → BullMQ → scoring → socket.io) under
 * an open-loop step ramp, measured against its floor (the same HTTP → socket path with no queue or database) and
 * against Redis and PostgreSQL round trips, all in the same run on this machine. Writes
 * bench/results/<timestamp>.json and prints a one-screen summary. `npm run bench -- --help` lists the options.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signStaffToken } from '../src/auth/staff-token';
import { SERVER_NODE_FLAGS } from '../src/bootstrap/server-node-flags';
import {
  claimScratchEnvironment,
  clearQueueState,
  freePort,
  recreateDatabase,
} from '../src/cli/scratch-environment';
import { loadConfig } from '../src/config/app-config';
import { SmartBackendClient } from '../src/simulator/smart-backend-client';
import type { AutovacuumStandInReport } from './autovacuum-stand-in';
import { AutovacuumStandIn } from './autovacuum-stand-in';
import { measureServices } from './baselines';
import { USAGE, parseOptions } from './options';
import { summariseCpuProfile } from './profile';
import type { RampResult, RampSettings, Target } from './ramp';
import { runRamp } from './ramp';
import type { BenchReport } from './report';
import { compareWithFloor, findKnee, summary } from './report';
import type { BenchPatient } from './roster';
import { benchRoster } from './roster';
import { ServiceProcess } from './service-process';
import { setTimings } from './set-timings';
import { pidsNamed } from './process-usage';
import { beaconEnvironment, waitReady } from './beacon-env';

const ROOT = resolve(__dirname, '..');
const BEACON_ENTRY = join(ROOT, 'dist', 'src', 'main.js');
const BEACON_WORKER_ENTRY = join(ROOT, 'dist', 'src', 'worker.js');
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

const METHOD = {
  arrivals:
    'open loop: arrival i is sent at start + i/rate on the monotonic clock whatever the previous responses; an arrival over --max-in-flight is shed and counted as an error',
  unit: 'one arrival = one FHIR transaction Bundle holding one observation set (6–7 Observations) for one patient, round robin over the patients of every ward',
  latency:
    'HTTP 2xx read by the generator → the score:updated event for that set (matched by ward, bed and set time) read by a screen; recorded in an HDR histogram (hdr-histogram-js); a set overtaken by a newer one of the same patient counts as received with the newer one (coalesced)',
  achieved: 'responses (2xx) and first screen receipts per second of the step window',
  floor:
    'bench/floor-server.ts as its own process: node:http + socket.io, answers 200 and emits score:updated in the same tick, same Bundles, screens and clients; no auth, validation, queue or database',
  beacon:
    'dist/src/main.js as --api child processes (BEACON_ROLE=all, or api with --workers dist/src/worker.js processes), a fresh database and queue prefix; per-client rate limit raised; BEACON_SET_WINDOW_MINUTES=0 (every Bundle carries its own effective time and is its own set either way)',
};

const TOKEN_RENEW_MS = 120_000;

async function runFloor(
  roster: readonly BenchPatient[],
  settings: RampSettings,
  workDir: string,
  services: Target['processes'],
): Promise<RampResult> {
  const rosterFile = join(workDir, 'roster.json');
  writeFileSync(rosterFile, JSON.stringify(roster));
  const floor = ServiceProcess.start(
    'floor',
    [...process.execArgv, join(__dirname, 'floor-server.ts'), rosterFile],
    process.env,
    ROOT,
  );
  try {
    const [, port] = await floor.waitForOutput(/floor listening (\d+)/, 20_000);
    const target: Target = {
      name: 'floor',
      urls: [`http://127.0.0.1:${port}`],
      processes: { floor: () => [floor.pid], ...services },
      admit: false,
    };
    return await runRamp(target, roster, settings);
  } finally {
    await floor.stop(5000);
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!existsSync(BEACON_ENTRY))
    throw new Error(`${BEACON_ENTRY} is missing: run \`npm run build\` first (npm run bench does)`);
  const started = new Date();
  const config = loadConfig();
  const wards = (options.wards.length > 0 ? options.wards : config.wards.wards.map((ward) => ward.id)).map(
    (id) => {
      const ward = config.wards.wards.find((candidate) => candidate.id === id);
      if (!ward) throw new Error(`--wards: no ward ${id} in ${config.env.BEACON_WARD_CONFIG}`);
      return { id, newborn: ward.defaultGroup === 'newborn' };
    },
  );
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const roster = benchRoster(wards, options.patientsPerWard, stamp.slice(0, 19).toLowerCase());
  const outDir = resolve(ROOT, options.outDir);
  mkdirSync(outDir, { recursive: true });
  const claim = await claimScratchEnvironment(config.env.BEACON_DATABASE_URL, options.database);
  const workDir = mkdtempSync(join(tmpdir(), 'beacon-bench-'));

  try {
    say(`fresh database ${options.database}, queue prefix ${options.queuePrefix}`);
    const databaseUrl = await recreateDatabase(config.env.BEACON_DATABASE_URL, options.database);
    await clearQueueState(config.env.BEACON_REDIS_URL, options.queuePrefix);
    say('Redis and PostgreSQL round trips');
    const { machine, baselines } = await measureServices(config.env.BEACON_REDIS_URL, databaseUrl);
    const services: Target['processes'] = {
      bench: () => [process.pid],
      redis: () => (machine.redisPid ? [machine.redisPid] : []),
      postgres: () => pidsNamed('postgres'),
    };
    const ramp = {
      rates: options.rates,
      drainSeconds: options.drainSeconds,
      screensPerWard: options.screensPerWard,
      maxInFlight: options.maxInFlight,
      requestTimeoutMs: options.requestTimeoutMs,
    };

    let floor: RampResult | null = null;
    if (options.floor) {
      say(`floor: ${options.rates.join(' → ')} Bundles/s, ${options.floorStepSeconds} s each`);
      floor = await runFloor(
        roster,
        {
          ...ramp,
          stepSeconds: options.floorStepSeconds,
          eprTokens: ['floor-accepts-any-token'],
          screenToken: () => Promise.resolve('floor-accepts-any-token'),
        },
        workDir,
        services,
      );
    }

    const clients = await Promise.all(
      Array.from({ length: options.eprClients }, (_, index) =>
        SmartBackendClient.create({
          clientId: `bench-epr-${index + 1}`,
          sourceSystem: `urn:beacon:bench:epr-${index + 1}`,
        }),
      ),
    );
    const clientsFile = join(workDir, 'clients.json');
    writeFileSync(clientsFile, JSON.stringify({ clients: clients.map((client) => client.registration()) }));
    const tokenSecret = randomBytes(32).toString('base64url');
    const ports = await Promise.all(Array.from({ length: options.api }, () => freePort()));
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    const publicUrl = urls[0] as string;
    const profileDir = join(outDir, `${stamp}-beacon-cpuprofile`);
    const role = options.workers > 0 ? 'api' : 'all';
    const start = (name: string, port: number, processRole: 'all' | 'api' | 'worker') =>
      ServiceProcess.start(
        name,
        [
          ...SERVER_NODE_FLAGS,
          ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
          processRole === 'worker' ? BEACON_WORKER_ENTRY : BEACON_ENTRY,
        ],
        beaconEnvironment({
          role: processRole,
          port,
          publicUrl,
          databaseUrl,
          redisUrl: config.env.BEACON_REDIS_URL,
          queuePrefix: options.queuePrefix,
          clientsFile,
          tokenSecret,
        }),
        ROOT,
      );
    const apis = ports.map((port, index) => start(`api-${index + 1}`, port, role));
    const workers = Array.from({ length: options.workers }, (_, index) =>
      start(`worker-${index + 1}`, 0, 'worker'),
    );
    const beacons = [...apis, ...workers];
    const processes: Target['processes'] = {
      ...Object.fromEntries(beacons.map((beacon) => [beacon.name, () => [beacon.pid]])),
      ...services,
    };
    let result: RampResult;
    let timings: BenchReport['setTimings'] = null;
    let exits: { name: string; code: number | null; signal: NodeJS.Signals | null }[];
    let renewTokens: NodeJS.Timeout | undefined;
    const standIn =
      machine.postgresAutovacuum === 'off' && options.autovacuumStandInSeconds > 0
        ? await AutovacuumStandIn.start(databaseUrl, options.autovacuumStandInSeconds, say)
        : null;
    if (standIn)
      say(`PostgreSQL runs with autovacuum off: standing in every ${options.autovacuumStandInSeconds} s`);
    let autovacuumStandIn: AutovacuumStandInReport | null = null;
    try {
      await Promise.all(apis.map((api, index) => waitReady(urls[index] as string, api)));
      await Promise.all(workers.map((worker) => worker.waitForOutput(/worker started/, 90_000)));
      say(
        `beacon: ${apis.length} ${role} process(es) on ${urls.join(', ')}${workers.length > 0 ? ` and ${workers.length} worker(s)` : ''}; admitting ${roster.length} patients, then ${options.rates.join(' → ')} Bundles/s, ${options.stepSeconds} s each`,
      );
      const secret = new TextEncoder().encode(tokenSecret);
      // Access tokens live BEACON_ACCESS_TOKEN_TTL_SECONDS (5 min): a long run renews them, as an EPR does.
      let screensSigned = 0;
      const eprTokens = await Promise.all(clients.map((client) => client.token(publicUrl)));
      renewTokens = setInterval(() => {
        clients.forEach((client, index) => {
          client.token(publicUrl).then(
            (token) => {
              eprTokens[index] = token;
            },
            (error: unknown) => say(`token renewal failed: ${String(error)}`),
          );
        });
      }, TOKEN_RENEW_MS);
      // A production database is never empty and has statistics; this one starts empty, so it is analysed as soon
      // as it holds the admissions, not a minute into the run with plans made for empty tables.
      const afterAdmission = async () => standIn?.passNow();
      result = await runRamp({ name: 'beacon', urls, processes, admit: true, afterAdmission }, roster, {
        ...ramp,
        ...(options.burst > 0
          ? {
              burst: {
                sets: options.burst,
                liveRate: options.burstLiveRate,
                concurrency: options.burstConcurrency,
                databaseUrl,
                maxSeconds: options.burstMaxSeconds,
              },
            }
          : {}),
        stepSeconds: options.stepSeconds,
        eprTokens,
        screenToken: (wardId) =>
          signStaffToken(
            secret,
            {
              // One display per screen: a ward's 700 screens are 700 devices, each within its own command rate.
              userId: `bench-display-${wardId}-${(screensSigned += 1)}`,
              name: `Bench display ${wardId}`,
              role: 'ward-display',
              wards: [wardId],
            },
            3600,
          ),
      });
      timings = await setTimings(databaseUrl, result.steps).catch((error: unknown) => {
        say(`set timings unavailable: ${String(error)}`);
        return null;
      });
    } finally {
      clearInterval(renewTokens);
      autovacuumStandIn = (await standIn?.stop()) ?? null;
      exits = await Promise.all(
        beacons.map(async (beacon) => ({ name: beacon.name, ...(await beacon.stop()) })),
      );
    }
    for (const exit of exits) {
      const beacon = beacons.find((candidate) => candidate.name === exit.name);
      if (exit.code !== 0)
        say(`${exit.name} exited with ${exit.code ?? exit.signal}:\n${beacon?.tail() ?? ''}`);
    }
    const exit = exits.find((candidate) => candidate.code !== 0) ?? exits[0] ?? { code: 0, signal: null };

    const finished = new Date();
    const report: BenchReport = {
      tool: 'beacon-bench',
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      wallSeconds: Math.round((finished.getTime() - started.getTime()) / 100) / 10,
      loadAverageAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      options,
      method: METHOD,
      machine,
      baselines,
      floor,
      beacon: result,
      beaconExit: { code: exit.code, signal: exit.signal },
      comparison: compareWithFloor(result, floor),
      knee: findKnee(result.steps.slice(0, options.rates.length)),
      setTimings: timings,
      profile: options.profile ? summariseCpuProfile(profileDir) : null,
      autovacuumStandIn,
    };
    const file = join(outDir, `${stamp}.json`);
    writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${summary(report, file)}\n`);
    return 0;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    await claim.release();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
