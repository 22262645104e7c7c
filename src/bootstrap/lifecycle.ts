import type { INestApplicationContext } from '@nestjs/common';
import { ConfigError } from '../config/app-config';
import { DependencyError } from './preflight';

/**
 * Graceful shutdown: on SIGTERM or SIGINT, stop accepting work and let running jobs finish (app.close() closes
 * the HTTP server and the BullMQ workers), but never wait longer than the grace period.
 */
export function closeOnSignals(
  app: INestApplicationContext,
  graceMs: number,
  log: (message: string) => void,
): void {
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal} received: draining (grace ${graceMs} ms)`);
    const force = setTimeout(() => {
      log(`shutdown took longer than ${graceMs} ms: exiting`);
      process.exit(1);
    }, graceMs);
    force.unref();
    app.close().then(
      () => {
        log('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        log(`error while stopping: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

/** Prints why Beacon cannot start, in words a person can act on, and exits non-zero. */
export function exitOnStartupFailure(error: unknown): never {
  const known = error instanceof ConfigError || error instanceof DependencyError;
  process.stderr.write(
    `\nBeacon cannot start.\n${known ? error.message : String((error as Error)?.stack ?? error)}\n\n`,
  );
  process.exit(known ? 78 : 1);
}
