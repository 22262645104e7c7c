import type {
  ClinicalEventFacts,
  LocationFacts,
  PatientFacts,
  PatientReference,
} from '../../clinical-record/clinical-record.types';
import { NHS_NUMBER_SYSTEM, isValidNhsNumber } from '../nhs-number';
import type { Issues } from './issues';
import { invalid, required, warning } from './issues';
import { parseReference, patientReference } from './references';
import { clinicalTime } from './time';

export type Normalised<T> = { ok: true; value: T; warnings: Issues } | { ok: false; issues: Issues };

const done = <T>(issues: Issues, value: T, warnings: Issues = []): Normalised<T> =>
  issues.length > 0 ? { ok: false, issues } : { ok: true, value, warnings };

const BIRTH_TIME = 'http://hl7.org/fhir/StructureDefinition/patient-birthTime';
const MOTHER_ROLES = new Set(['MTH', 'NMTH', 'GESTM', 'BIOMTH']);
const ROLE_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

function codes(concepts: readonly (fhir4.CodeableConcept | undefined)[]): string[] {
  return concepts.flatMap((concept) =>
    (concept?.coding ?? []).flatMap((coding) =>
      coding.code ? [`${coding.system ?? ''}|${coding.code}`] : [],
    ),
  );
}

function displayOf(concept: fhir4.CodeableConcept | undefined): string | undefined {
  return concept?.text ?? concept?.coding?.find((coding) => coding.display)?.display;
}

function nameOf(names: readonly fhir4.HumanName[] | undefined): string | undefined {
  const name = names?.find((candidate) => candidate.use === 'official') ?? names?.[0];
  if (!name) return undefined;
  return name.text ?? ([...(name.given ?? []), name.family].filter(Boolean).join(' ') || undefined);
}

/** NHS numbers among identifiers, each checked (a wrong check digit is rejected, never stored). */
function nhsNumber(
  identifiers: readonly fhir4.Identifier[] | undefined,
  path: string,
  issues: Issues,
): string | undefined {
  let found: string | undefined;
  (identifiers ?? []).forEach((identifier, index) => {
    if (identifier.system !== NHS_NUMBER_SYSTEM) return;
    const value = identifier.value?.replace(/\s/g, '') ?? '';
    if (!isValidNhsNumber(value)) {
      issues.push(
        invalid(
          `${path}.identifier[${index}].value`,
          `"${identifier.value ?? ''}" is not a valid NHS number (10 digits with a modulus-11 check digit)`,
        ),
      );
    } else found = value;
  });
  return found;
}

export interface NormalisedPatient {
  readonly facts: PatientFacts;
}

export function normalisePatient(patient: fhir4.Patient): Normalised<NormalisedPatient> {
  const issues: Issues = [];
  const warnings: Issues = [];
  const number = nhsNumber(patient.identifier, 'Patient', issues);
  const birthTimeValue = patient._birthDate?.extension?.find(
    (extension) => extension.url === BIRTH_TIME,
  )?.valueDateTime;
  let birthTime = clinicalTime(
    birthTimeValue,
    'Patient.birthDate.extension(patient-birthTime).valueDateTime',
    issues,
  );
  if (birthTime && patient.birthDate && !birthTimeValue?.startsWith(patient.birthDate)) {
    // Which of the two is right cannot be known: keep the date, drop the time, and say so.
    warnings.push(
      warning(
        'Patient.birthDate',
        `the birth time ${birthTimeValue ?? ''} is not on the birth date ${patient.birthDate}: the birth time is ignored`,
      ),
    );
    birthTime = undefined;
  }
  const motherLink = patient.link?.find(
    (link) => parseReference(link.other.reference ?? '').type === 'Patient' && link.type === 'seealso',
  );
  const motherReference: PatientReference | undefined = motherLink?.other.reference
    ? patientReference(motherLink.other, 'Patient.link.other', issues)
    : undefined;
  return done(
    issues,
    {
      facts: {
        ...(number ? { nhsNumber: number } : {}),
        ...(nameOf(patient.name) ? { name: nameOf(patient.name) } : {}),
        ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
        ...(birthTime ? { birthTime: birthTime.toISOString() } : {}),
        ...(patient.gender ? { sex: patient.gender } : {}),
        ...(motherReference ? { motherReference } : {}),
      },
    },
    warnings,
  );
}

export interface NormalisedRelatedPerson {
  /** The patient the person is related to (for a mother: the baby). */
  readonly patient: PatientReference;
  /** The mother's NHS number when the relationship is mother and the mother is identified. */
  readonly motherNhsNumber?: string;
  readonly isMother: boolean;
}

export function normaliseRelatedPerson(person: fhir4.RelatedPerson): Normalised<NormalisedRelatedPerson> {
  const issues: Issues = [];
  const patient = patientReference(person.patient, 'RelatedPerson.patient', issues);
  const isMother = (person.relationship ?? []).some((concept) =>
    (concept.coding ?? []).some(
      (coding) => coding.system === ROLE_CODE_SYSTEM && MOTHER_ROLES.has(coding.code ?? ''),
    ),
  );
  const number = nhsNumber(person.identifier, 'RelatedPerson', issues);
  if (issues.length > 0 || !patient) return { ok: false, issues };
  return {
    ok: true,
    warnings: [],
    value: { patient, isMother, ...(isMother && number ? { motherNhsNumber: number } : {}) },
  };
}

export interface NormalisedEncounter {
  readonly subject: PatientReference;
  readonly location: LocationFacts;
  readonly event: ClinicalEventFacts;
}

/** The longest bed name a ward display shows and Beacon stores (patient.bed). */
const MAX_BED_NAME = 64;

const ACTIVE_ENCOUNTER = new Set(['planned', 'arrived', 'triaged', 'in-progress', 'onleave']);

/** A ward from config/wards.json recognised in an Encounter.location reference, identifier or display. */
export type WardLookup = (keys: readonly string[]) => string | undefined;

export function normaliseEncounter(
  encounter: fhir4.Encounter,
  wardFor: WardLookup,
): Normalised<NormalisedEncounter> {
  const issues: Issues = [];
  const subject = patientReference(encounter.subject, 'Encounter.subject', issues);
  const start = clinicalTime(encounter.period?.start, 'Encounter.period.start', issues);
  const end = clinicalTime(encounter.period?.end, 'Encounter.period.end', issues);
  const current = (encounter.location ?? []).filter(
    (entry) => entry.status === undefined || entry.status === 'active',
  );
  let wardId: string | undefined;
  let bed: string | undefined;
  const references: string[] = [];
  for (const [position, entry] of current.entries()) {
    const keys = [entry.location.reference, entry.location.identifier?.value, entry.location.display].filter(
      (key): key is string => typeof key === 'string' && key.length > 0,
    );
    references.push(...keys);
    const isBed = (entry.physicalType?.coding ?? []).some((coding) => coding.code === 'bd');
    if (isBed) {
      bed = entry.location.display ?? entry.location.identifier?.value ?? entry.location.reference;
      if (bed && bed.length > MAX_BED_NAME) {
        const index = (encounter.location ?? []).indexOf(current[position]!);
        const element = entry.location.display
          ? 'display'
          : entry.location.identifier?.value
            ? 'identifier.value'
            : 'reference';
        issues.push(
          invalid(
            `Encounter.location[${index}].location.${element}`,
            `Encounter.location[${index}].location.${element}: a bed is named in at most ${MAX_BED_NAME} characters (got ${bed.length})`,
          ),
        );
        bed = undefined;
      }
    } else wardId ??= wardFor(keys);
  }
  if (!subject) return { ok: false, issues };
  return done(issues, {
    subject,
    location: {
      ...(wardId ? { wardId } : {}),
      ...(bed ? { bed } : {}),
      locationReferences: references,
      active: ACTIVE_ENCOUNTER.has(encounter.status),
    },
    event: {
      kind: 'encounter',
      codes: codes([...(encounter.type ?? []), encounter.class ? { coding: [encounter.class] } : undefined]),
      status: encounter.status,
      ...(start ? { occurredAt: start.toISOString() } : {}),
      ...(end ? { endedAt: end.toISOString() } : {}),
      details: { locations: references, ...(wardId ? { wardId } : {}) },
    },
  });
}

export interface NormalisedEvent {
  readonly subject: PatientReference;
  readonly event: ClinicalEventFacts;
}

/** Condition, Procedure, MedicationAdministration and EpisodeOfCare become clinical events for the pathways. */
export function normaliseClinicalEvent(
  resource: fhir4.Condition | fhir4.Procedure | fhir4.MedicationAdministration | fhir4.EpisodeOfCare,
): Normalised<NormalisedEvent> {
  const type = resource.resourceType;
  switch (resource.resourceType) {
    case 'Condition':
      return conditionEvent(resource);
    case 'Procedure':
      return procedureEvent(resource);
    case 'MedicationAdministration':
      return medicationEvent(resource);
    case 'EpisodeOfCare':
      return episodeEvent(resource);
    default:
      return { ok: false, issues: [invalid(type, `${String(type)} is not a clinical event resource`)] };
  }
}

function conditionEvent(resource: fhir4.Condition): Normalised<NormalisedEvent> {
  const issues: Issues = [];
  const subject = patientReference(resource.subject, 'Condition.subject', issues);
  const onset = clinicalTime(resource.onsetDateTime ?? resource.recordedDate, 'Condition.onset[x]', issues);
  const abatement = clinicalTime(resource.abatementDateTime, 'Condition.abatement[x]', issues);
  if (!resource.code) issues.push(required('Condition.code', 'Condition.code is required'));
  if (!subject) return { ok: false, issues };
  return done(issues, {
    subject,
    event: {
      kind: 'condition',
      codes: codes([resource.code]),
      ...(displayOf(resource.code) ? { display: displayOf(resource.code) } : {}),
      status: resource.verificationStatus?.coding?.some((coding) => coding.code === 'entered-in-error')
        ? 'entered-in-error'
        : (resource.clinicalStatus?.coding?.[0]?.code ?? 'unknown'),
      ...(onset ? { occurredAt: onset.toISOString() } : {}),
      ...(abatement ? { endedAt: abatement.toISOString() } : {}),
    },
  });
}

function procedureEvent(resource: fhir4.Procedure): Normalised<NormalisedEvent> {
  const issues: Issues = [];
  const subject = patientReference(resource.subject, 'Procedure.subject', issues);
  const performed = resource.performedDateTime ?? resource.performedPeriod?.start;
  const start = clinicalTime(performed, 'Procedure.performed[x]', issues);
  const end = clinicalTime(resource.performedPeriod?.end, 'Procedure.performedPeriod.end', issues);
  if (!subject) return { ok: false, issues };
  return done(issues, {
    subject,
    event: {
      kind: 'procedure',
      codes: codes([resource.code]),
      ...(displayOf(resource.code) ? { display: displayOf(resource.code) } : {}),
      status: resource.status,
      ...(start ? { occurredAt: start.toISOString() } : {}),
      ...(end ? { endedAt: end.toISOString() } : {}),
      details: { ...(resource.note ? { note: resource.note.map((note) => note.text) } : {}) },
    },
  });
}

function medicationEvent(resource: fhir4.MedicationAdministration): Normalised<NormalisedEvent> {
  const issues: Issues = [];
  const subject = patientReference(resource.subject, 'MedicationAdministration.subject', issues);
  const given = resource.effectiveDateTime ?? resource.effectivePeriod?.start;
  const start = clinicalTime(given, 'MedicationAdministration.effective[x]', issues);
  const end = clinicalTime(
    resource.effectivePeriod?.end,
    'MedicationAdministration.effectivePeriod.end',
    issues,
  );
  if (given === undefined)
    issues.push(required('MedicationAdministration.effective[x]', 'when the medicine was given is required'));
  if (!subject) return { ok: false, issues };
  return done(issues, {
    subject,
    event: {
      kind: 'medication-administration',
      codes: codes([resource.medicationCodeableConcept, ...(resource.category ? [resource.category] : [])]),
      ...(displayOf(resource.medicationCodeableConcept)
        ? { display: displayOf(resource.medicationCodeableConcept) }
        : {}),
      status: resource.status,
      ...(start ? { occurredAt: start.toISOString() } : {}),
      ...(end ? { endedAt: end.toISOString() } : {}),
      details: { ...(resource.dosage?.text ? { dosage: resource.dosage.text } : {}) },
    },
  });
}

function episodeEvent(resource: fhir4.EpisodeOfCare): Normalised<NormalisedEvent> {
  const issues: Issues = [];
  const subject = patientReference(resource.patient, 'EpisodeOfCare.patient', issues);
  const start = clinicalTime(resource.period?.start, 'EpisodeOfCare.period.start', issues);
  const end = clinicalTime(resource.period?.end, 'EpisodeOfCare.period.end', issues);
  if (!subject) return { ok: false, issues };
  return done(issues, {
    subject,
    event: {
      kind: 'episode-of-care',
      codes: codes(resource.type ?? []),
      status: resource.status,
      ...(start ? { occurredAt: start.toISOString() } : {}),
      ...(end ? { endedAt: end.toISOString() } : {}),
    },
  });
}
