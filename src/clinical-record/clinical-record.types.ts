import type { FieldId } from '../scoring';

/**
 * What Beacon knows about a patient once FHIR has been translated: plain types, no FHIR. Written by src/fhir,
 * read by the worker (assembling observation sets) and, later, the pathways.
 */

/** Readings that are not scored but give context (pregnancy dating, birth, smoking); the pathways read them. */
export const CONTEXT_READING_FIELDS = [
  'gestationalAgeDays',
  'gestationalAgeAtBirthDays',
  'birthWeightGrams',
  'carbonMonoxidePpm',
  'smokingStatus',
] as const;
export type ContextReadingField = (typeof CONTEXT_READING_FIELDS)[number];

export type ReadingField = FieldId | ContextReadingField;
export type ReadingValue = number | string | boolean;
export type SmokingStatus = 'smoker' | 'ex-smoker' | 'never';

export interface NormalisedReading {
  readonly field: ReadingField;
  /** In the canonical unit of the field: /min, %, °C (Cel), mmHg (mm[Hg]), days, grams, ppm. */
  readonly value: ReadingValue;
  readonly unit?: string;
}

/** The status a recorded Observation has for scoring. */
export type ReadingStatus = 'scored' | 'stored-only' | 'retracted' | 'ignored';

export interface PatientFacts {
  readonly nhsNumber?: string;
  readonly name?: string;
  readonly birthDate?: string;
  readonly birthTime?: string;
  readonly sex?: string;
  /** A reference to the mother, to be resolved to a Beacon patient. */
  readonly motherReference?: PatientReference;
}

export type PatientReference =
  | { readonly kind: 'id'; readonly resourceId: string }
  | { readonly kind: 'nhs-number'; readonly nhsNumber: string }
  | { readonly kind: 'bundle'; readonly fullUrl: string };

export interface LocationFacts {
  /** Ward id from config/wards.json, or undefined when the location is not a configured ward. */
  readonly wardId?: string;
  readonly locationReferences: readonly string[];
  readonly bed?: string;
  readonly active: boolean;
}

export interface ClinicalEventFacts {
  readonly kind:
    | 'medication-administration'
    | 'procedure'
    | 'condition'
    | 'encounter'
    | 'episode-of-care'
    /** A referral Beacon recorded (the stop-smoking opt-out referral). */
    | 'service-request';
  readonly codes: readonly string[];
  readonly display?: string;
  readonly status?: string;
  readonly occurredAt?: string;
  readonly endedAt?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * A change one source may not make to a patient another source owns (docs/integration.md, "Who may change what"):
 * her demographics belong to the EPR that registered her, her ward and bed to the EPR whose Encounter placed her.
 */
export interface OwnershipConflict {
  readonly kind: 'demographics' | 'location';
  readonly patientId: string;
  readonly wardId: string | null;
  /** The source that owns the fact. */
  readonly owner: string;
  /** The facts that differ, by FHIR element ("Patient.name", "Encounter.location"): what is held, what was sent. */
  readonly differences: readonly {
    readonly element: string;
    readonly held: string | null;
    readonly sent: string | null;
  }[];
}
