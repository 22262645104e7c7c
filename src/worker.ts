// Beacon worker process: queue processors only (scoring, escalation timers, upstream FHIR), no HTTP.
import 'reflect-metadata';
import { loadConfig } from './config/app-config';
import { exitOnStartupFailure } from './bootstrap/lifecycle';
import { preflight } from './bootstrap/preflight';
import { startWorker } from './bootstrap/start';

async function main(): Promise<void> {
  const config = loadConfig(undefined, undefined, { BEACON_ROLE: 'worker' });
  await preflight(config);
  await startWorker(config);
}

main().catch(exitOnStartupFailure);
