/**
 * `npm run chaos`: Beacon as two api and two worker processes on a private PostgreSQL and Redis, a simulated EPR
 * sending deteriorating patients' observation sets while faults are injected (worker and api SIGKILL, Redis and
 * PostgreSQL restarts, screen connections dropped), then a reconciliation from the EPR's side. Prints a table and
 * writes bench/results/chaos-<timestamp>.json. `npm run chaos -- --help` lists the options.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ChaosReport } from './run';
import { runChaos } from './run';
import { FAULT_TYPES, USAGE, parseChaosOptions } from './options';

const ROOT = resolve(__dirname, '..', '..');
const say = (line: string) => process.stderr.write(`[chaos] ${line}\n`);
const ms = (value: number | null) => (value === null ? '—' : `${(value / 1000).toFixed(1)} s`);

export function chaosTable(report: ChaosReport): string {
  const { sets, alerts, delivery, timers, audit } = report.reconciliation;
  const lines = [
    `chaos run: ${report.sending.seconds} s at ${report.sending.offeredPerSecond} sets/s offered (${report.sending.acceptedPerSecond}/s accepted), ${report.faults.injected.length} faults`,
    '',
    'fault              count  restored p50/max   recovery p50/max (fault → next set on a screen)',
    ...FAULT_TYPES.map((type) => {
      const restore = report.faults.restoreByType[type];
      const recovery = report.faults.recoveryByType[type];
      return `${type.padEnd(18)} ${String(restore.count).padStart(5)}  ${`${ms(restore.p50)} / ${ms(restore.max)}`.padEnd(17)}  ${ms(recovery.p50)} / ${ms(recovery.max)}${recovery.count < restore.count ? ` (${restore.count - recovery.count} never recovered)` : ''}`;
    }),
    '',
    `sets       taken ${sets.taken}, accepted ${sets.accepted}, retried ${sets.retried}, rejected ${sets.rejected}, unsent ${sets.unsent}`,
    `           LOST ${sets.lost}, DUPLICATED ${sets.duplicated}, invented ${sets.invented}, stored but unanswered ${sets.storedUnanswered}, re-scored ${sets.rescored}, readings still pending ${sets.readingsPending}`,
    `alerts     raise/worsen expected ${alerts.expected}, exactly once ${alerts.matched}, raised at the worse level (escalating phase superseded) ${alerts.raisedAtWorseLevel}, LOST ${alerts.lost}, DUPLICATED ${alerts.duplicated}, unexpected ${alerts.unexpected}`,
    `           duplicate open alerts ${alerts.duplicateOpen}, patients with other than one alert ${alerts.patientsWithOtherThanOneAlert}`,
    `delivery   alerts with a receipt ${delivery.withReceipt}/${delivery.alerts}, seen on a screen ${delivery.seenOnScreen}/${delivery.alerts}, steps with a receipt ${delivery.stepsDelivered}/${delivery.steps}, raise/worsen shown ${delivery.changesSeen}/${delivery.changes}`,
    `timers     fired ${timers.fired}, due and not fired ${timers.notFired}; late by p50/max: ${Object.entries(
      timers.lateBy,
    )
      .filter(([, late]) => late.count > 0)
      .map(([type, late]) => `${type} ${ms(late.p50)}/${ms(late.max)} (${late.count})`)
      .join(', ')}`,
    `audit      chain ${audit.intact ? 'intact' : `BROKEN at ${audit.brokenAt ?? '?'}`}: ${audit.checked} events verified`,
    `other      EPR answers retried ${JSON.stringify(report.sending.failures)}; processing failures ${report.reconciliation.processingFailures}; deadlocks logged ${report.deadlocksLogged}; screens resynced ${report.screens.resyncs}, dropped unplanned ${report.screens.unplannedDisconnects}, receipts refused ${JSON.stringify(report.screens.receiptErrors)}; unexpected exits ${report.unexpectedExits.length}`,
    ...[...sets.examples, ...alerts.examples].map((example) => `  ${example}`),
  ];
  return lines.join('\n');
}

async function main(): Promise<number> {
  const options = parseChaosOptions(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // Ctrl-C or SIGTERM stops the run and still stops every process it started (the private servers included).
  const abort = new AbortController();
  const stop = () => {
    say('interrupted: stopping the processes');
    abort.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const report = await runChaos(options, say, abort.signal);
  const outDir = resolve(ROOT, options.out);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `chaos-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${chaosTable(report)}\n\nwritten: ${file}\n`);
  const { sets, alerts, audit } = report.reconciliation;
  return sets.lost === 0 &&
    sets.duplicated === 0 &&
    alerts.lost === 0 &&
    alerts.duplicated === 0 &&
    audit.intact
    ? 0
    : 1;
}

if (require.main === module)
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 2;
    },
  );
