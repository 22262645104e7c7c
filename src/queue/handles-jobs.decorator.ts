import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobName } from './queue.constants';

export const HANDLES_JOBS = Symbol('HANDLES_JOBS');

/** A provider that processes jobs: declare the job names with @HandlesJobs() and implement process(). */
export interface JobHandler {
  /** `token` is the worker's lock on the job (to move it back to delayed). */
  process(job: Job, token?: string): Promise<unknown>;
}

/** Declares which job names a provider handles; queue-workers.ts routes them and checks none is orphaned. */
export const HandlesJobs = (...jobs: JobName[]) => SetMetadata(HANDLES_JOBS, jobs);

export function unhandledJobs(all: readonly string[], handled: readonly string[]): string[] {
  const covered = new Set(handled);
  return all.filter((job) => !covered.has(job));
}
