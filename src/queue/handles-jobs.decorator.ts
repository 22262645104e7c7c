import { SetMetadata } from '@nestjs/common';
import type { JobName } from './queue.constants';

export const HANDLES_JOBS = Symbol('HANDLES_JOBS');

/** Declares which job names a processor handles, so the worker can check at boot that none is orphaned. */
export const HandlesJobs = (...jobs: JobName[]) => SetMetadata(HANDLES_JOBS, jobs);

export function unhandledJobs(all: readonly string[], handled: readonly string[]): string[] {
  const covered = new Set(handled);
  return all.filter((job) => !covered.has(job));
}
