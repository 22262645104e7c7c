/**
 * Queue and job names. Job payloads carry ids only, never patient data (BullMQ stores job data in clear text).
 * Every job name must be handled by a processor: the worker refuses to start otherwise (job-coverage.check.ts).
 */
export enum QueueName {
  /** Observation sets to assess: assemble, score, decide. */
  Clinical = 'clinical',
  /** Fetching from and catching up with the upstream FHIR server. */
  Upstream = 'upstream',
}

export enum JobName {
  /** Something changed in a patient's record: assemble the affected observation set, score it, decide. */
  AssessPatient = 'assess-patient',
  /** An id-only notification or an unresolved reference: fetch the resource from the upstream server. */
  FetchUpstreamResource = 'fetch-upstream-resource',
  /** Search the upstream server for everything changed since the last resource processed. */
  CatchUpUpstream = 'catch-up-upstream',
}

export const QUEUE_OF_JOB: Readonly<Record<JobName, QueueName>> = {
  [JobName.AssessPatient]: QueueName.Clinical,
  [JobName.FetchUpstreamResource]: QueueName.Upstream,
  [JobName.CatchUpUpstream]: QueueName.Upstream,
};

export interface JobPayloads {
  [JobName.AssessPatient]: {
    readonly patientId: string;
    readonly resourceId?: string;
    readonly reason: string;
  };
  [JobName.FetchUpstreamResource]: {
    readonly resourceType: string;
    readonly id: string;
    readonly versionId?: string;
  };
  [JobName.CatchUpUpstream]: { readonly trigger: string };
}

export const QUEUE_NAMES: readonly string[] = Object.values(QueueName);
export const JOB_NAMES: readonly string[] = Object.values(JobName);
