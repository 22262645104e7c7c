import type { OnApplicationBootstrap } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { HANDLES_JOBS, unhandledJobs } from './handles-jobs.decorator';
import { JOB_NAMES } from './queue.constants';

/** Refuses to start a worker in which some job name has no processor (a job would wait forever). */
@Injectable()
export class JobCoverageCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const handled = this.discovery
      .getProviders()
      .flatMap((wrapper) =>
        wrapper.metatype
          ? (this.reflector.get<string[] | undefined>(HANDLES_JOBS, wrapper.metatype) ?? [])
          : [],
      );
    const missing = unhandledJobs(JOB_NAMES, handled);
    if (missing.length > 0) throw new Error(`No processor handles job(s): ${missing.join(', ')}`);
  }
}
