/**
 * Queue and job names. Job payloads carry ids only, never patient data (BullMQ stores job data in clear text).
 * Every job name must be handled by a processor: the worker refuses to start otherwise (job-coverage.check.ts).
 */
export enum QueueName {
  /** Observation sets to assess: assemble, score, decide. */
  Clinical = 'clinical',
  /** Fetching from and catching up with the upstream FHIR server. */
  Upstream = 'upstream',
  /** Delayed checks: re-escalation of unacknowledged alerts, overdue observations, the timer sweep. */
  Timers = 'timers',
}

export enum JobName {
  /** Something changed in a patient's record: place and score her waiting readings, decide alerts and prompts. */
  AssessPatient = 'assess-patient',
  /** An id-only notification or an unresolved reference: fetch the resource from the upstream server. */
  FetchUpstreamResource = 'fetch-upstream-resource',
  /** Search the upstream server for everything changed since the last resource processed. */
  CatchUpUpstream = 'catch-up-upstream',
  /** Write a scored observation set back to the upstream FHIR server. */
  WriteBackScore = 'write-back-score',
  /** An alert's acknowledgement time is up: escalate it if nobody has acknowledged it (a no-op otherwise). */
  EscalateAlert = 'escalate-alert',
  /** The next observations were due: raise an overdue alert if none has arrived. */
  CheckOverdue = 'check-overdue',
  /** A pathway prompt's window closes: evaluate the family's pathways again (missed unless recorded). */
  CheckPrompts = 'check-prompts',
  /** Write a referral Beacon recorded (stop-smoking opt-out referral) back upstream as a ServiceRequest. */
  WriteBackReferral = 'write-back-referral',
  /** Safety net for the two above: timers whose job was lost (Redis data loss) are found in PostgreSQL. */
  SweepTimers = 'sweep-timers',
}

export const QUEUE_OF_JOB: Readonly<Record<JobName, QueueName>> = {
  [JobName.AssessPatient]: QueueName.Clinical,
  [JobName.FetchUpstreamResource]: QueueName.Upstream,
  [JobName.CatchUpUpstream]: QueueName.Upstream,
  [JobName.WriteBackScore]: QueueName.Upstream,
  [JobName.EscalateAlert]: QueueName.Timers,
  [JobName.CheckOverdue]: QueueName.Timers,
  [JobName.SweepTimers]: QueueName.Timers,
  [JobName.CheckPrompts]: QueueName.Timers,
  [JobName.WriteBackReferral]: QueueName.Upstream,
};

export interface JobPayloads {
  [JobName.AssessPatient]: {
    readonly patientId: string;
    /** Why (for the logs): several reasons when the work of one intake transaction was coalesced. */
    readonly reason: string;
    /** Whether what changed is something the pathway prompts read (false: vital signs only). Default true. */
    readonly pathways?: boolean;
    /** reason 'location-changed': the wards (or null, no ward) the patient left and joined, whose screens re-sync. */
    readonly wards?: readonly (string | null)[];
    /** Every set it was queued for was taken before the live window (a backlog): queued behind live work. */
    readonly backlog?: boolean;
  };
  [JobName.FetchUpstreamResource]: {
    readonly resourceType: string;
    readonly id: string;
    readonly versionId?: string;
  };
  [JobName.CatchUpUpstream]: { readonly trigger: string };
  [JobName.WriteBackScore]: { readonly setId: string };
  [JobName.EscalateAlert]: { readonly alertId: string; readonly step: number };
  [JobName.CheckOverdue]: { readonly patientId: string; readonly setId: string };
  [JobName.SweepTimers]: { readonly trigger: string };
  [JobName.CheckPrompts]: { readonly patientId: string };
  [JobName.WriteBackReferral]: { readonly resourceId: string };
}

export const QUEUE_NAMES: readonly string[] = Object.values(QueueName);
export const JOB_NAMES: readonly string[] = Object.values(JobName);
