import { QueryFailedError } from 'typeorm';

/** SQLSTATE classes and codes that mean "PostgreSQL is not there right now", not "your request is wrong". */
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_MESSAGES = [
  /ECONNREFUSED/,
  /ECONNRESET/,
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connect ETIMEDOUT/,
  /the database system is (starting|shutting) (up|down)/i,
  /Client has encountered a connection error/i,
];

/**
 * True when an error means a dependency is unreachable (answer 503 and retry later), not a bug. Duck-typed: errors
 * raised by Node's net module may come from another realm, where `instanceof Error` is false.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const detail = (error instanceof QueryFailedError ? error.driverError : error) as {
    code?: unknown;
    message?: unknown;
  } | null;
  const code = typeof detail?.code === 'string' ? detail.code : undefined;
  if (code && UNAVAILABLE_CODES.has(code)) return true;
  const message = typeof detail?.message === 'string' ? detail.message : '';
  return (
    UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)) ||
    (code !== undefined && /^E(CONNREFUSED|CONNRESET|TIMEDOUT|PIPE)$/.test(code))
  );
}

/**
 * True when the request waited for a connection from this process's pool until it gave up: PostgreSQL is up but every
 * connection is busy (overload, not an outage).
 */
export function isPoolSaturated(error: unknown): boolean {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /timeout exceeded when trying to connect/i.test(message);
}

/**
 * A transaction that waited for one of intake's connections longer than BEACON_INTAKE_MAX_WAIT_MS and was given up
 * before it started: nothing ran. Reads as a saturated pool (isPoolSaturated), so it is answered 503 "overloaded".
 */
export class ConnectionWaitExpired extends Error {
  constructor(waitedMs: number) {
    super(`timeout exceeded when trying to connect (no connection free within ${waitedMs} ms)`);
    this.name = 'ConnectionWaitExpired';
  }
}
