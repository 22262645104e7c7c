import type { AuditActor, AuditEntry } from '../../audit/audit.types';
import { HttpError } from '../../http/http-error';
import type { OutcomeIssue } from '../../http/operation-outcome';
import type { NormalisedObservation } from '../normalise/observation';
import type {
  NormalisedEncounter,
  NormalisedEvent,
  NormalisedPatient,
  NormalisedRelatedPerson,
} from '../normalise/resources';
import type { StoreOutcome } from '../persistence/fhir-resource.store';

/** Who sent a resource and how. */
export interface IntakeContext {
  readonly sourceSystem: string;
  readonly actor: AuditActor;
  readonly via: 'rest' | 'batch' | 'transaction' | 'notification' | 'upstream-fetch' | 'catch-up';
  /** Whether the sender may write this resource type (SMART scope); checked per Bundle entry. */
  readonly mayWrite: (resourceType: string) => boolean;
}

/** A resource that passed structural and clinical checks, with its translation, ready to be stored. */
export type PreparedResource = {
  readonly resource: fhir4.Resource;
  readonly warnings: readonly OutcomeIssue[];
  readonly sourceId?: string;
} & (
  | { readonly type: 'Patient'; readonly normalised: NormalisedPatient }
  | { readonly type: 'RelatedPerson'; readonly normalised: NormalisedRelatedPerson }
  | { readonly type: 'Encounter'; readonly normalised: NormalisedEncounter }
  | { readonly type: 'Observation'; readonly normalised: NormalisedObservation }
  | { readonly type: 'Event'; readonly normalised: NormalisedEvent }
);

export interface IntakeResult {
  readonly status: 200 | 201;
  readonly outcome: Exclude<StoreOutcome, 'conflict'>;
  readonly resourceType: string;
  readonly logicalId: string;
  readonly versionNumber: number;
  readonly receivedAt: Date;
  readonly patientId: string | null;
  readonly warnings: readonly OutcomeIssue[];
  /** The resource as stored, with Beacon's id and version. */
  readonly resource: fhir4.Resource;
}

/** A resource Beacon will not accept; nothing from it is stored (except, with `audit`, the record of the refusal). */
export class IntakeRejection extends HttpError {
  constructor(
    status: number,
    issues: readonly OutcomeIssue[],
    readonly audit: readonly AuditEntry[] = [],
  ) {
    super(status, issues);
  }
}
