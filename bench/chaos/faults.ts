import { performance } from 'node:perf_hooks';
import type { ChaosCluster } from './cluster';
import type { FaultType } from './options';
import { FAULT_TYPES, faultMix } from './options';
import type { ChaosScreen } from './screens';

export interface PlannedFault {
  readonly type: FaultType;
  /** Milliseconds after the EPR started sending. */
  readonly atMs: number;
}

export interface InjectedFault {
  readonly type: FaultType;
  /** Which process or screen. */
  readonly target: string;
  /** Monotonic ms when the fault was injected. */
  readonly injectedAt: number;
  readonly injectedAtIso: string;
  /** Until the killed process was ready again, Redis or PostgreSQL answered, or the screen reconnected. */
  readonly restoredAfterMs: number;
  readonly error?: string;
}

/** A small seeded generator (mulberry32): the same seed gives the same order of faults. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The faults of the run, evenly spaced from 5 % to 90 % of the sending time (the rest leaves room to recover before
 * the reconciliation), their types in a seeded random order.
 */
export function planFaults(total: number, durationMs: number, seed: number): PlannedFault[] {
  const mix = faultMix(total);
  const types = FAULT_TYPES.flatMap((type) => Array.from({ length: mix[type] }, () => type));
  const next = random(seed);
  for (let i = types.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [types[i], types[j]] = [types[j] as FaultType, types[i] as FaultType];
  }
  const first = durationMs * 0.05;
  const span = durationMs * 0.85;
  return types.map((type, index) => ({
    type,
    atMs: Math.round(first + (types.length > 1 ? (span * index) / (types.length - 1) : 0)),
  }));
}

/** Injects planned faults one after another; each kill is followed at once by a restart (a supervisor's job). */
export class FaultInjector {
  private readonly turns = new Map<FaultType, number>();

  constructor(
    private readonly cluster: ChaosCluster,
    private readonly screens: readonly ChaosScreen[],
    private readonly say: (line: string) => void,
  ) {}

  private turn(type: FaultType, of: readonly string[]): string {
    const turn = this.turns.get(type) ?? 0;
    this.turns.set(type, turn + 1);
    return of[turn % of.length] as string;
  }

  async inject(type: FaultType): Promise<InjectedFault> {
    const injectedAt = performance.now();
    const injectedAtIso = new Date().toISOString();
    let target = '';
    try {
      switch (type) {
        case 'worker-kill':
          target = this.turn(type, this.cluster.names('worker'));
          await this.cluster.killAndRestart(target);
          break;
        case 'api-kill':
          target = this.turn(type, this.cluster.names('api'));
          await this.cluster.killAndRestart(target);
          break;
        case 'redis-restart':
          target = 'redis';
          await this.cluster.restartRedis();
          break;
        case 'postgres-restart':
          target = 'postgres';
          await this.cluster.restartPostgres();
          break;
        case 'screen-drop': {
          const screen = this.screens[(this.turns.get(type) ?? 0) % this.screens.length] as ChaosScreen;
          this.turns.set(type, (this.turns.get(type) ?? 0) + 1);
          target = screen.id;
          await screen.drop(1000);
          break;
        }
      }
      const restoredAfterMs = Math.round(performance.now() - injectedAt);
      this.say(`fault ${type} ${target}: restored after ${restoredAfterMs} ms`);
      return { type, target, injectedAt, injectedAtIso, restoredAfterMs };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.say(`fault ${type} ${target}: FAILED to restore: ${message}`);
      return {
        type,
        target,
        injectedAt,
        injectedAtIso,
        restoredAfterMs: Math.round(performance.now() - injectedAt),
        error: message,
      };
    }
  }
}
