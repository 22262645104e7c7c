import type { AutovacuumStandInReport } from './autovacuum-stand-in';
import type { Machine, ServiceBaselines } from './baselines';
import type { LatencySummary } from './latency';
import type { BenchOptions } from './options';
import type { CpuProfileSummary } from './profile';
import type { RampResult, StepResult } from './ramp';
import type { SetTimings } from './set-timings';

export interface Knee {
  /** The highest offered rate Beacon kept up with (delivered ≥ 90 % of offered, no errors, nothing missing). */
  readonly sustainedRate: number | null;
  /** The first offered rate it did not keep up with, or whose p99 was over 10× the first step's (null: not reached). */
  readonly kneeRate: number | null;
  readonly reason: string;
}

export interface FloorComparison {
  readonly offeredRate: number;
  readonly beacon: { readonly p50: number; readonly p99: number };
  readonly floor: { readonly p50: number; readonly p99: number };
  /** Beacon's percentile divided by the floor's, at the same offered rate (null: nothing received, or a 0 ms floor). */
  readonly p50Ratio: number | null;
  readonly p99Ratio: number | null;
  /** The same ratios for request sent → screen, which never rounds to 0 ms (the floor's 2xx and event leave together). */
  readonly sendToScreenP50Ratio: number | null;
  readonly sendToScreenP99Ratio: number | null;
}

export interface BenchReport {
  readonly tool: 'beacon-bench';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly wallSeconds: number;
  /** 1-minute load average when the run ended (other work on the machine skews every number). */
  readonly loadAverageAtEnd: number;
  readonly options: BenchOptions;
  readonly method: Record<string, string>;
  readonly machine: Machine;
  readonly baselines: ServiceBaselines;
  readonly floor: RampResult | null;
  readonly beacon: RampResult;
  readonly beaconExit: { readonly code: number | null; readonly signal: string | null };
  readonly comparison: FloorComparison[];
  readonly knee: Knee;
  readonly setTimings: SetTimings | null;
  readonly profile: CpuProfileSummary | null;
  /** What the bench vacuumed in autovacuum's place (the server runs with autovacuum off); null when it did not. */
  readonly autovacuumStandIn: AutovacuumStandInReport | null;
}

const KEEP_UP = 0.9;
const LATENCY_BLOWUP = 10;

function keepsUp(step: StepResult): boolean {
  const { outcome } = step;
  return (
    outcome.receivedPerSecond >= KEEP_UP * step.offeredRate &&
    Object.keys(outcome.errors).length === 0 &&
    outcome.missing === 0
  );
}

export function findKnee(steps: readonly StepResult[]): Knee {
  const firstP99 = steps[0]?.outcome.latency.p99 ?? 0;
  let sustained: number | null = null;
  for (const step of steps) {
    const blownUp = firstP99 > 0 && step.outcome.latency.p99 > LATENCY_BLOWUP * firstP99;
    if (!keepsUp(step) || blownUp) {
      const why = !keepsUp(step)
        ? `at ${step.offeredRate}/s it delivered ${step.outcome.receivedPerSecond}/s with ${step.outcome.missing} missing and errors ${JSON.stringify(step.outcome.errors)}`
        : `at ${step.offeredRate}/s p99 was ${step.outcome.latency.p99} ms, over ${LATENCY_BLOWUP}× the first step's ${firstP99} ms`;
      return { sustainedRate: sustained, kneeRate: step.offeredRate, reason: why };
    }
    sustained = step.offeredRate;
  }
  return {
    sustainedRate: sustained,
    kneeRate: null,
    reason: 'kept up at every offered rate: the knee is above the ramp',
  };
}

const ratio = (a: LatencySummary, b: LatencySummary, at: 'p50' | 'p99') =>
  a.count > 0 && b[at] > 0 ? Math.round((a[at] / b[at]) * 10) / 10 : null;

export function compareWithFloor(beacon: RampResult, floor: RampResult | null): FloorComparison[] {
  if (!floor) return [];
  return beacon.steps.flatMap((step) => {
    const base = floor.steps.find((candidate) => candidate.offeredRate === step.offeredRate);
    if (!base) return [];
    const b = step.outcome.latency;
    const f = base.outcome.latency;
    return [
      {
        offeredRate: step.offeredRate,
        beacon: { p50: b.p50, p99: b.p99 },
        floor: { p50: f.p50, p99: f.p99 },
        p50Ratio: ratio(b, f, 'p50'),
        p99Ratio: ratio(b, f, 'p99'),
        sendToScreenP50Ratio: ratio(step.outcome.sendToScreen, base.outcome.sendToScreen, 'p50'),
        sendToScreenP99Ratio: ratio(step.outcome.sendToScreen, base.outcome.sendToScreen, 'p99'),
      },
    ];
  });
}

const pad = (text: string | number, width: number) => String(text).padStart(width);
const ms = (summary: LatencySummary) =>
  `${pad(summary.p50, 8)} ${pad(summary.p95, 8)} ${pad(summary.p99, 8)} ${pad(summary.max, 8)}`;

function stepLines(name: string, ramp: RampResult, processNames: readonly string[]): string[] {
  const lines = [
    `${name}: offered/s achieved/s (2xx, on screen)  errors  missing   p50 ms   p95 ms   p99 ms   max ms  ${processNames.map((process) => pad(`${process} cpu%/MiB`, 16)).join(' ')}`,
  ];
  for (const step of ramp.steps) {
    const { outcome } = step;
    const errors = Object.values(outcome.errors).reduce((sum, count) => sum + count, 0);
    const usage = processNames.map((process) => {
      const use = step.processes[process];
      return pad(use ? `${use.cpuPercent}/${use.rssMiB}` : '-', 16);
    });
    const isBurst = ramp.burst !== null && step === ramp.steps.at(-1);
    lines.push(
      `${pad(isBurst ? `burst+${step.offeredRate}` : step.offeredRate, 12)} ${pad(outcome.acceptedPerSecond, 12)} ${pad(outcome.receivedPerSecond, 10)}  ${pad(errors, 12)} ${pad(outcome.missing, 8)} ${ms(outcome.latency)}  ${usage.join(' ')}`,
    );
  }
  const { burst } = ramp;
  if (burst)
    lines.push(
      `burst: ${burst.sets} old sets (1-21 h ago) while live sets came at ${ramp.steps.at(-1)?.offeredRate ?? '?'}/s (row burst+): ` +
        `${burst.accepted} accepted (${burst.resent} resent after 503/429), ${JSON.stringify(burst.refused)} refused; ` +
        `intake ${burst.intakePerSecond ?? '-'}/s over ${burst.intakeSeconds ?? '-'} s; ` +
        (burst.drainSeconds === null
          ? `NOT drained: ${burst.scored} of ${burst.accepted} scored`
          : `all ${burst.scored} scored at ${burst.drainPerSecond}/s (${burst.drainSeconds} s from the first backlog request)`),
    );
  return lines;
}

/** One screen of text: what was offered, what came through, how fast, against the floor. */
export function summary(report: BenchReport, file: string): string {
  const { machine, baselines } = report;
  const lines = [
    `beacon bench — ${report.startedAt}, ${report.wallSeconds} s, node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, load ${machine.loadAverage[0]} → ${report.loadAverageAtEnd}`,
    `Redis ${machine.redis}, PostgreSQL ${machine.postgres} (autovacuum ${machine.postgresAutovacuum}${report.autovacuumStandIn ? `, stood in for every ${report.autovacuumStandIn.everySeconds} s` : ''}); patients ${report.options.patientsPerWard} × ${report.beacon.screens / report.options.screensPerWard} wards, ${report.options.eprClients} EPR clients, ${report.beacon.screens} screens`,
    `baselines: Redis PING p50 ${baselines.redisPing.p50} / p99 ${baselines.redisPing.p99} ms; PostgreSQL SELECT 1 p50 ${baselines.postgresSelect.p50} ms, commit p50 ${baselines.postgresCommit.p50} / p99 ${baselines.postgresCommit.p99} ms`,
    'latency: HTTP 2xx → score event on a screen',
    '',
    ...stepLines('beacon', report.beacon, [
      ...Object.keys(report.beacon.steps[0]?.processes ?? {}).filter(
        (name) => name.startsWith('api-') || name.startsWith('worker-'),
      ),
      'postgres',
      'redis',
      'bench',
    ]),
  ];
  if (report.floor) lines.push('', ...stepLines('floor ', report.floor, ['floor', 'bench']));
  if (report.comparison.length > 0) {
    lines.push('', 'beacon / floor at the same offered rate (2xx → screen; sent → screen):');
    for (const row of report.comparison)
      lines.push(
        `  ${pad(row.offeredRate, 5)}/s  p50 ×${row.p50Ratio ?? '-'}  p99 ×${row.p99Ratio ?? '-'};  p50 ×${row.sendToScreenP50Ratio ?? '-'}  p99 ×${row.sendToScreenP99Ratio ?? '-'}`,
      );
  }
  const knee = report.knee;
  lines.push(
    '',
    `knee: ${knee.kneeRate === null ? 'not reached' : `${knee.kneeRate}/s`}; sustained ${knee.sustainedRate ?? 'none'}/s (${knee.reason})`,
  );
  if (report.profile)
    lines.push(
      `profile: ${report.profile.top
        .slice(0, 5)
        .map((entry) => `${entry.name} ${entry.percent}%`)
        .join(', ')}`,
    );
  lines.push(`report: ${file}`);
  return lines.join('\n');
}
