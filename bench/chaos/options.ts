import { parseArgs } from 'node:util';

export type FaultType = 'worker-kill' | 'api-kill' | 'redis-restart' | 'postgres-restart' | 'screen-drop';

export const FAULT_TYPES: readonly FaultType[] = [
  'worker-kill',
  'api-kill',
  'redis-restart',
  'postgres-restart',
  'screen-drop',
];

/** The mix for 50 faults: worker SIGKILL ×20, api SIGKILL ×10, Redis ×10, PostgreSQL ×5, screens ×5. */
const MIX: Readonly<Record<FaultType, number>> = {
  'worker-kill': 20,
  'api-kill': 10,
  'redis-restart': 10,
  'postgres-restart': 5,
  'screen-drop': 5,
};

export interface ChaosOptions {
  /** Observation-set Bundles per second offered by the simulated EPR. */
  readonly rate: number;
  /** How long the EPR sends (faults are spread over this time). */
  readonly minutes: number;
  readonly faults: number;
  readonly patients: number;
  readonly screensPerWard: number;
  readonly ward: string;
  /** Each rung of the short escalation ladder waits this long for an acknowledgement. */
  readonly ladderSeconds: number;
  /** Sets per phase of a patient's course: steady, then escalating (medium), then worse (high), and again. */
  readonly phaseSets: number;
  /** After the EPR stops: how long to wait for every accepted set to be scored and every timer to fall due. */
  readonly drainSeconds: number;
  readonly seed: number;
  readonly out: string;
}

export const USAGE = `npm run chaos -- [options]
  --rate 50               observation-set Bundles per second (round robin over the two api processes)
  --minutes 10            how long the EPR sends; the faults are spread over this time
  --faults 50             faults injected (mix as in issue 15: 40 % worker SIGKILL, 20 % api SIGKILL,
                          20 % Redis restart, 10 % PostgreSQL restart, 10 % screen connections dropped;
                          at least one of each when there are five or more)
  --patients 100          patients on the ward (each sent a set every patients/rate seconds)
  --screens 2             ward screens (socket.io clients, spread over the api processes)
  --ward maternity-a      --ladder-seconds 15      --phase-sets 6      --drain-seconds 90
  --seed 15               the order of the fault types (same seed, same order)
  --out bench/results`;

const number = (name: string, text: string, min: number, max: number, integer = false): number => {
  const value = Number(text);
  if (!(value >= min && value <= max) || (integer && !Number.isInteger(value)))
    throw new Error(`--${name}: ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  return value;
};

export function parseChaosOptions(argv: readonly string[]): ChaosOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      rate: { type: 'string', default: '50' },
      minutes: { type: 'string', default: '10' },
      faults: { type: 'string', default: '50' },
      patients: { type: 'string', default: '100' },
      screens: { type: 'string', default: '2' },
      ward: { type: 'string', default: 'maternity-a' },
      'ladder-seconds': { type: 'string', default: '15' },
      'phase-sets': { type: 'string', default: '6' },
      'drain-seconds': { type: 'string', default: '90' },
      seed: { type: 'string', default: '15' },
      out: { type: 'string', default: 'bench/results' },
    },
  });
  if (values.help) return 'help';
  return {
    rate: number('rate', values.rate, 0.5, 1000),
    minutes: number('minutes', values.minutes, 0.25, 120),
    faults: number('faults', values.faults, 0, 500, true),
    patients: number('patients', values.patients, 1, 2000, true),
    screensPerWard: number('screens', values.screens, 1, 50, true),
    ward: values.ward,
    ladderSeconds: number('ladder-seconds', values['ladder-seconds'], 3, 600),
    phaseSets: number('phase-sets', values['phase-sets'], 1, 100, true),
    drainSeconds: number('drain-seconds', values['drain-seconds'], 10, 600),
    seed: number('seed', values.seed, 0, 2 ** 31, true),
    out: values.out,
  };
}

/**
 * How many faults of each type: at least one of each when there are five or more, the rest shared in the issue's
 * proportions by largest remainder (50 gives exactly 20, 10, 10, 5, 5).
 */
export function faultMix(total: number): Record<FaultType, number> {
  const counts = Object.fromEntries(FAULT_TYPES.map((type) => [type, 0])) as Record<FaultType, number>;
  let left = total;
  if (total >= FAULT_TYPES.length) {
    for (const type of FAULT_TYPES) counts[type] = 1;
    left -= FAULT_TYPES.length;
  }
  const weights = FAULT_TYPES.map((type) => MIX[type] - (total >= FAULT_TYPES.length ? 1 : 0));
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = FAULT_TYPES.map((type, index) => ({
    type,
    exact: (left * (weights[index] ?? 0)) / sum,
  }));
  for (const share of shares) counts[share.type] += Math.floor(share.exact);
  let remaining = total - Object.values(counts).reduce((a, b) => a + b, 0);
  for (const share of [...shares].sort((a, b) => (b.exact % 1) - (a.exact % 1))) {
    if (remaining <= 0) break;
    counts[share.type] += 1;
    remaining -= 1;
  }
  return counts;
}
