import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Offered rates of the step ramp, in observation-set Bundles per second. */
  readonly rates: readonly number[];
  readonly stepSeconds: number;
  /** Step length of the floor's ramp (its latency settles within a few seconds). */
  readonly floorStepSeconds: number;
  /** Ward ids to spread patients over (empty: every ward in the ward file). */
  readonly wards: readonly string[];
  readonly patientsPerWard: number;
  readonly eprClients: number;
  readonly screensPerWard: number;
  /** Requests outstanding at once; an arrival beyond it is counted as shed, never queued in the generator. */
  readonly maxInFlight: number;
  readonly requestTimeoutMs: number;
  /** After the last step, how long to wait for socket events still owed. */
  readonly drainSeconds: number;
  readonly floor: boolean;
  /** Start Beacon with `node --cpu-prof` and summarise where its CPU time went. */
  readonly profile: boolean;
  readonly outDir: string;
  readonly database: string;
  readonly queuePrefix: string;
  /** Beacon api processes (BEACON_ROLE=api when there are workers), served round robin by the generator. */
  readonly api: number;
  /** Separate worker processes (0: the api process scores too, BEACON_ROLE=all). */
  readonly workers: number;
  /** After the ramp, an EPR reconnecting with this many old sets while live sets keep coming (0: no burst). */
  readonly burst: number;
  readonly burstLiveRate: number;
  readonly burstConcurrency: number;
  readonly burstMaxSeconds: number;
  /** When the server runs with autovacuum off: vacuum what autovacuum would, this often (0: never). */
  readonly autovacuumStandInSeconds: number;
}

export const USAGE = `npm run bench -- [options]
  --rates 50,100,200,400     offered observation sets (Bundles) per second, one ramp step each
  --step-seconds 20          length of each Beacon step
  --floor-step-seconds 4     length of each floor step (the floor: HTTP -> socket with no queue or database)
  --wards a,b                ward ids (default: every ward in the ward file)
  --patients-per-ward 20     --epr-clients 4     --screens-per-ward 1
  --max-in-flight 1000       --request-timeout-ms 10000     --drain-seconds 5
  --no-floor                 skip the floor baseline
  --profile                  run Beacon under node --cpu-prof and summarise its hottest functions
  --api 1                    Beacon api processes, requests and screens spread round robin over them
  --workers 0                separate worker processes (0: the api process scores too)
  --burst 0                  after the ramp, an EPR catching up: this many sets taken 1-21 h ago, sent as fast as
                             Beacon takes them (resent after 503), while live sets keep coming
  --burst-live-rate 10       live sets per second during the burst     --burst-concurrency 16 (backlog requests
  --burst-max-seconds 900    outstanding)                              bound on the burst step
  --autovacuum-stand-in 10   when PostgreSQL runs with autovacuum off, vacuum and analyse the tables autovacuum would,
                             this often (seconds; 0: never)
  --out bench/results        --database beacon_bench     --queue-prefix beacon-bench`;

/** At most this many arrivals in one run, and steps of at most this long: the run stays bounded. */
const MAX_ARRIVALS = 100_000;
const MAX_STEP_SECONDS = 120;

const positive = (name: string, text: string, max: number): number => {
  const value = Number(text);
  if (!(value > 0 && value <= max)) throw new Error(`--${name}: a number above 0 and at most ${max}`);
  return value;
};
const whole = (name: string, text: string, max: number): number => {
  const value = positive(name, text, max);
  if (!Number.isInteger(value)) throw new Error(`--${name}: a whole number`);
  return value;
};

/** The options from argv; throws an Error naming the bad option. */
export function parseOptions(argv: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      rates: { type: 'string', default: '50,100,200,400' },
      'step-seconds': { type: 'string', default: '20' },
      'floor-step-seconds': { type: 'string', default: '4' },
      wards: { type: 'string', default: '' },
      'patients-per-ward': { type: 'string', default: '20' },
      'epr-clients': { type: 'string', default: '4' },
      'screens-per-ward': { type: 'string', default: '1' },
      'max-in-flight': { type: 'string', default: '1000' },
      'request-timeout-ms': { type: 'string', default: '10000' },
      'drain-seconds': { type: 'string', default: '5' },
      'no-floor': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench/results' },
      database: { type: 'string', default: 'beacon_bench' },
      'queue-prefix': { type: 'string', default: 'beacon-bench' },
      api: { type: 'string', default: '1' },
      workers: { type: 'string', default: '0' },
      burst: { type: 'string', default: '0' },
      'burst-live-rate': { type: 'string', default: '10' },
      'burst-concurrency': { type: 'string', default: '16' },
      'burst-max-seconds': { type: 'string', default: '900' },
      'autovacuum-stand-in': { type: 'string', default: '10' },
    },
  });
  if (values.help) return 'help';
  const rates = values.rates.split(',').map((rate) => positive('rates', rate.trim(), 5000));
  const stepSeconds = positive('step-seconds', values['step-seconds'], MAX_STEP_SECONDS);
  const floorStepSeconds = positive('floor-step-seconds', values['floor-step-seconds'], MAX_STEP_SECONDS);
  const arrivals = rates.reduce((sum, rate) => sum + rate * (stepSeconds + floorStepSeconds), 0);
  if (arrivals > MAX_ARRIVALS)
    throw new Error(`the ramp offers ${Math.round(arrivals)} Bundles; at most ${MAX_ARRIVALS} per run`);
  if (!/^[a-z_][a-z0-9_]*$/.test(values.database))
    throw new Error('--database: lower-case letters, digits and _');
  if (!/^[A-Za-z0-9_-]+$/.test(values['queue-prefix']))
    throw new Error('--queue-prefix: letters, digits, - and _');
  return {
    rates,
    stepSeconds,
    floorStepSeconds,
    wards: values.wards
      .split(',')
      .map((ward) => ward.trim())
      .filter(Boolean),
    patientsPerWard: whole('patients-per-ward', values['patients-per-ward'], 500),
    eprClients: whole('epr-clients', values['epr-clients'], 50),
    screensPerWard: whole('screens-per-ward', values['screens-per-ward'], 1000),
    maxInFlight: whole('max-in-flight', values['max-in-flight'], 20_000),
    requestTimeoutMs: whole('request-timeout-ms', values['request-timeout-ms'], 120_000),
    drainSeconds: positive('drain-seconds', values['drain-seconds'], 120),
    floor: !values['no-floor'],
    api: whole('api', values.api, 8),
    workers: values.workers === '0' ? 0 : whole('workers', values.workers, 8),
    profile: values.profile,
    outDir: values.out,
    database: values.database,
    queuePrefix: values['queue-prefix'],
    burst: values.burst === '0' ? 0 : whole('burst', values.burst, MAX_ARRIVALS),
    burstLiveRate: positive('burst-live-rate', values['burst-live-rate'], 1000),
    burstConcurrency: whole('burst-concurrency', values['burst-concurrency'], 1000),
    burstMaxSeconds: whole('burst-max-seconds', values['burst-max-seconds'], 3600),
    autovacuumStandInSeconds:
      values['autovacuum-stand-in'] === '0'
        ? 0
        : whole('autovacuum-stand-in', values['autovacuum-stand-in'], 3600),
  };
}
