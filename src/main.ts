// Beacon: the api process (BEACON_ROLE=api), or api and worker in one process (BEACON_ROLE=all, the default).
// BEACON_ROLE=worker runs the worker only, as src/worker.ts does.
import 'reflect-metadata';
import { loadConfig } from './config/app-config';
import { exitOnStartupFailure } from './bootstrap/lifecycle';
import { preflight } from './bootstrap/preflight';
import { startApi, startWorker } from './bootstrap/start';

async function main(): Promise<void> {
  const config = loadConfig();
  await preflight(config);
  if (config.role === 'worker') await startWorker(config);
  else await startApi(config);
}

main().catch(exitOnStartupFailure);
