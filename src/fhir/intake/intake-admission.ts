import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { principalOf } from '../../auth/principal';
import { AppConfig } from '../../config/app-config';
import { HttpError } from '../../http/http-error';
import { BeaconMetrics } from '../../metrics/beacon-metrics';
import { QueueName } from '../../queue/queue.constants';
import { IntakeSlots } from './intake-slots';

/** The queue's depth is read at most this often (a Redis round trip per request would itself be load). */
const QUEUE_FRESH_FOR_MS = 500;

/**
 * A request is refused at the door once the expected wait for an intake connection passes this share of
 * BEACON_INTAKE_MAX_WAIT_MS: what is admitted then should start well within the bound, so the CPU spent validating
 * it is not thrown away by a refusal in the queue (the estimate is a mean, hence the margin).
 */
const DOOR_SHARE_OF_WAIT_BOUND = 0.5;

/** The intake routes: POST /fhir (a Bundle) and POST /fhir/<resource type>; not the upstream's notifications. */
const INTAKE_POST = /^\/fhir(?:\/(?!notify$)[A-Za-z]+)?\/?$/;

/** The OperationOutcome an EPR gets when Beacon is saturated: its retry should come later, not sooner. */
export function overloaded(reason: string, retryAfterSeconds: number): HttpError {
  return new HttpError(
    503,
    [
      {
        code: 'throttled',
        diagnostics: `Beacon is overloaded (${reason}): nothing was stored; send again after ${retryAfterSeconds} s`,
      },
    ],
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/**
 * Admission control for intake, before any work: when requests are already queueing for a database connection (too
 * many of them, or long enough that a newcomer would wait over half the wait bound), or the assessment queue holds
 * more than it can clear soon, a new request is refused at once with 503 and Retry-After (counted in /metrics)
 * instead of joining the queue and timing out there, so an EPR's retries cannot make an overload worse. Intake
 * transactions waiting for one of intake's connections (IntakeSlots) count as waiting for the pool.
 */
@Injectable()
export class IntakeAdmission {
  private queued = { at: 0, jobs: 0 };
  private readonly admitted = new WeakSet<Request>();
  private refreshing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly metrics: BeaconMetrics,
    @InjectQueue(QueueName.Clinical) private readonly clinical: Queue,
    private readonly slots: IntakeSlots,
  ) {}

  /**
   * Admission at the door, before the body is read (Express middleware after authenticateBeforeBody): an intake POST
   * by an authenticated client is admitted or refused here, so a refusal costs no body parsing. Others (no body, a
   * browser session) are left to the route, which calls `admit`.
   */
  atTheDoor(): (request: Request, response: Response, next: NextFunction) => void {
    return (request, _response, next) => {
      if (request.method !== 'POST' || !INTAKE_POST.test(request.path) || !principalOf(request)) {
        next();
        return;
      }
      try {
        this.admit();
        this.admitted.add(request);
        next();
      } catch (error) {
        next(error);
      }
    };
  }

  /** Refuses (503) when Beacon is saturated; a request admitted at the door is not checked again. */
  admit(request?: Request): void {
    if (request && this.admitted.has(request)) return;
    const { BEACON_INTAKE_MAX_POOL_WAITERS: maxWaiters, BEACON_INTAKE_MAX_QUEUED_JOBS: maxJobs } =
      this.config.env;
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if ((pool?.waitingCount ?? 0) + this.slots.waiting >= maxWaiters)
      this.refuse('database-pool', 'every database connection is busy');
    const expectedWaitMs = this.slots.expectedWaitMs();
    if (expectedWaitMs > this.config.env.BEACON_INTAKE_MAX_WAIT_MS * DOOR_SHARE_OF_WAIT_BOUND)
      this.refuse(
        'database-pool',
        `intake would wait about ${Math.ceil(expectedWaitMs / 1000)} s for a database connection`,
      );
    const jobs = this.queuedJobs();
    if (jobs >= maxJobs) this.refuse('assessment-queue', `${jobs} assessments are queued`);
  }

  private refuse(reason: string, detail: string): never {
    this.metrics.intakeOverloaded.inc({ reason });
    throw overloaded(detail, 2);
  }

  /**
   * The last known depth, refreshed in the background: a request never waits on Redis (while Redis is down the last
   * figure stands, and the outbox keeps the work in PostgreSQL).
   */
  private queuedJobs(): number {
    const now = Date.now();
    if (!this.refreshing && now - this.queued.at > QUEUE_FRESH_FOR_MS) {
      this.refreshing = true;
      this.clinical
        .getJobCounts('waiting', 'prioritized')
        .then((counts) => {
          this.queued = { at: Date.now(), jobs: (counts.waiting ?? 0) + (counts.prioritized ?? 0) };
        })
        .catch(() => undefined)
        .finally(() => {
          this.refreshing = false;
        });
    }
    return this.queued.jobs;
  }
}
