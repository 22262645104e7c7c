/**
 * Told about every job that failed for good (bad data, retries exhausted), so it becomes a visible operational alarm
 * instead of a silent drop. A port: the alerts module provides it; the queue module never imports alerts.
 */
export abstract class JobFailureSink {
  abstract jobFailed(
    job: { name: string; id?: string | undefined; data: unknown },
    error: Error,
  ): Promise<void>;
}
