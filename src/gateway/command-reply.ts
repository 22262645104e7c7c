import type { Logger } from '@nestjs/common';
import { isDatabaseUnavailable, isPoolSaturated } from '../database/database-errors';
import { HttpError } from '../http/http-error';
import type { CommandReply } from '../contracts/events';

/**
 * Runs a client command and turns its outcome into the acknowledgement the client waits for: `{ data }`, or
 * `{ error, status }` with the same status and wording the REST API would give. Never throws (an exception in a
 * socket handler would leave the client waiting for an answer that never comes).
 */
export async function answer<T>(
  logger: Logger,
  command: string,
  work: () => Promise<T>,
): Promise<CommandReply<T>> {
  try {
    return { data: await work() };
  } catch (error) {
    if (error instanceof HttpError)
      return { error: error.issues.map((issue) => issue.diagnostics).join('; '), status: error.getStatus() };
    if (isPoolSaturated(error))
      return {
        error: 'Beacon is overloaded (every database connection is busy): nothing was changed; retry shortly',
        status: 503,
      };
    if (isDatabaseUnavailable(error))
      return {
        error:
          'Beacon cannot store anything right now (its database is unavailable): nothing was changed; retry',
        status: 503,
      };
    logger.error({ err: error, command }, 'socket command failed');
    return {
      error: `${command} failed inside Beacon (logged); it may not have been carried out: check the alert`,
      status: 500,
    };
  }
}
