/**
 * Queue and job names. Job payloads carry ids only, never patient data (BullMQ stores job data in clear text).
 * Every job name must be handled by a processor: the worker refuses to start otherwise (job-coverage.check.ts).
 */
export enum QueueName {}

export enum JobName {}

export const QUEUE_NAMES: readonly string[] = Object.values(QueueName);
export const JOB_NAMES: readonly string[] = Object.values(JobName);
