import { randomUUID } from 'node:crypto';
import type { ObservationSet } from '../scoring';

// FHIR R4 resources as an EPR sends them (LOINC codes, UCUM units, UK Core-style Patient and Encounter), for the
// simulated EPR of `npm run demo` and for the tests. Shapes only: no clinical judgement lives here.

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const SNOMED = 'http://snomed.info/sct';
const BEACON_OBSERVATION = 'https://beacon-ews.github.io/fhir/CodeSystem/observation';
const BEACON_NEWBORN_SIGN = 'https://beacon-ews.github.io/fhir/CodeSystem/newborn-sign';
const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
const BIRTH_TIME = 'http://hl7.org/fhir/StructureDefinition/patient-birthTime';

export interface Vitals {
  respiratoryRate?: number;
  heartRate?: number;
  oxygenSaturation?: number;
  temperature?: number;
  systolicBP?: number;
  diastolicBP?: number;
  consciousness?: 'A' | 'V';
  concern?: boolean;
  /** Newborn signs of the NEWTT2 chart (Beacon codes: no national code exists yet). */
  colour?: ObservationSet['colour'];
  feeding?: ObservationSet['feeding'];
  tone?: ObservationSet['tone'];
  respiratoryDistress?: ObservationSet['respiratoryDistress'];
}

const quantity = (code: string, value: number, unit: string) => ({
  code: { coding: [{ system: LOINC, code }] },
  valueQuantity: { value, system: UCUM, code: unit },
});

/** Observations of one observation set, as a FHIR EPR would send them (LOINC codes, UCUM units). */
export function vitalsObservations(patientRef: string, vitals: Vitals, at: string): FhirResource[] {
  const base = {
    resourceType: 'Observation',
    status: 'final',
    subject: { reference: patientRef },
    effectiveDateTime: at,
  };
  const out: FhirResource[] = [];
  if (vitals.respiratoryRate !== undefined)
    out.push({ ...base, ...quantity('9279-1', vitals.respiratoryRate, '/min') });
  if (vitals.heartRate !== undefined) out.push({ ...base, ...quantity('8867-4', vitals.heartRate, '/min') });
  if (vitals.oxygenSaturation !== undefined)
    out.push({ ...base, ...quantity('59408-5', vitals.oxygenSaturation, '%') });
  if (vitals.temperature !== undefined)
    out.push({ ...base, ...quantity('8310-5', vitals.temperature, 'Cel') });
  if (vitals.systolicBP !== undefined && vitals.diastolicBP !== undefined) {
    out.push({
      ...base,
      code: { coding: [{ system: LOINC, code: '85354-9' }] },
      component: [
        quantity('8480-6', vitals.systolicBP, 'mm[Hg]'),
        quantity('8462-4', vitals.diastolicBP, 'mm[Hg]'),
      ],
    });
  }
  if (vitals.consciousness) {
    out.push({
      ...base,
      code: { coding: [{ system: 'http://snomed.info/sct', code: '1104441000000107' }] },
      valueCodeableConcept: {
        coding: [
          {
            system: 'http://snomed.info/sct',
            code: vitals.consciousness === 'A' ? '248234008' : '300202002',
          },
        ],
      },
    });
  }
  if (vitals.concern !== undefined) {
    out.push({
      ...base,
      code: {
        coding: [{ system: BEACON_OBSERVATION, code: 'concern' }],
      },
      valueBoolean: vitals.concern,
    });
  }
  const newbornSign = (code: string, answer: string) => ({
    ...base,
    code: { coding: [{ system: BEACON_OBSERVATION, code }] },
    valueCodeableConcept: { coding: [{ system: BEACON_NEWBORN_SIGN, code: answer }] },
  });
  if (vitals.colour) out.push(newbornSign('newborn-colour', `colour-${vitals.colour}`));
  if (vitals.feeding) out.push(newbornSign('newborn-feeding', `feeding-${vitals.feeding}`));
  if (vitals.tone) out.push(newbornSign('newborn-tone', `tone-${vitals.tone}`));
  if (vitals.respiratoryDistress)
    out.push(newbornSign('newborn-respiratory-distress', `distress-${vitals.respiratoryDistress}`));
  return out;
}

/** A transaction: a woman admitted to a ward (Patient + Encounter) and one observation set. */
export function admissionBundle(
  patientId: string,
  wardId: string,
  vitals: Vitals,
  at: string,
  bed = 'Bed 1',
): Record<string, unknown> {
  const ref = `Patient/${patientId}`;
  const entries: FhirResource[] = [
    {
      resourceType: 'Patient',
      id: patientId,
      name: [{ given: ['Test'], family: patientId }],
      gender: 'female',
    },
    inpatientEncounter({ id: `enc-${patientId}`, patientId, wardId, bed }),
    ...vitalsObservations(ref, vitals, at),
  ];
  return transactionBundle(entries);
}

/** A set of observations only (the patient is known). */
export function observationBundle(patientId: string, vitals: Vitals, at: string): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: vitalsObservations(`Patient/${patientId}`, vitals, at).map((resource) => ({
      fullUrl: `urn:uuid:${randomUUID()}`,
      resource,
      request: { method: 'POST', url: 'Observation' },
    })),
  };
}

/** A resource to send: with an id it is PUT (idempotent on re-send), without one it is POSTed. */
export type FhirResource = { readonly resourceType: string; readonly id?: string } & Record<string, unknown>;

/** A transaction Bundle of the resources, in the order given. */
export function transactionBundle(resources: readonly FhirResource[]): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: resources.map((resource) =>
      resource.id
        ? {
            fullUrl: `${resource.resourceType}/${resource.id}`,
            resource,
            request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` },
          }
        : {
            fullUrl: `urn:uuid:${randomUUID()}`,
            resource,
            request: { method: 'POST', url: resource.resourceType },
          },
    ),
  };
}

export interface PatientDetails {
  readonly id: string;
  /** Ten digits with a valid modulus-11 check digit. */
  readonly nhsNumber: string;
  readonly given: readonly string[];
  readonly family: string;
  readonly gender: 'female' | 'male';
  /** When born, for a baby: birthDate and the patient-birthTime extension are both taken from it. */
  readonly born: { readonly date: string } | { readonly at: Date };
  /** A baby's mother, as Beacon reads it: Patient.link of type seealso to her Patient. */
  readonly motherId?: string;
}

/** A UK Core-style Patient: NHS number, official name, gender, birth date (and birth time for a baby). */
export function patientResource(patient: PatientDetails): FhirResource {
  const birth =
    'at' in patient.born
      ? {
          birthDate: patient.born.at.toISOString().slice(0, 10),
          _birthDate: { extension: [{ url: BIRTH_TIME, valueDateTime: patient.born.at.toISOString() }] },
        }
      : { birthDate: patient.born.date };
  return {
    resourceType: 'Patient',
    id: patient.id,
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: patient.nhsNumber }],
    name: [{ use: 'official', family: patient.family, given: [...patient.given] }],
    gender: patient.gender,
    ...birth,
    ...(patient.motherId
      ? { link: [{ other: { reference: `Patient/${patient.motherId}` }, type: 'seealso' }] }
      : {}),
  };
}

/** An inpatient stay: the ward as Location/<wardId> and the bed or cot as a location of physical type "bd". */
export function inpatientEncounter(stay: {
  readonly id: string;
  readonly patientId: string;
  readonly wardId: string;
  readonly bed: string;
  readonly start?: Date;
}): FhirResource {
  return {
    resourceType: 'Encounter',
    id: stay.id,
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: `Patient/${stay.patientId}` },
    ...(stay.start ? { period: { start: stay.start.toISOString() } } : {}),
    location: [
      { location: { reference: `Location/${stay.wardId}` } },
      {
        location: { display: stay.bed },
        physicalType: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'bd' }],
        },
      },
    ],
  };
}

/** An active pregnancy (SNOMED 77386006): makes the woman antenatal for Beacon. */
export function pregnancyCondition(pregnancy: {
  readonly id: string;
  readonly patientId: string;
  readonly onset: Date;
}): FhirResource {
  return {
    resourceType: 'Condition',
    id: pregnancy.id,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    code: { coding: [{ system: SNOMED, code: '77386006', display: 'Pregnancy' }] },
    subject: { reference: `Patient/${pregnancy.patientId}` },
    onsetDateTime: pregnancy.onset.toISOString(),
  };
}

/** A completed delivery (SNOMED 236973005): makes the woman postnatal for six weeks. */
export function deliveryProcedure(delivery: {
  readonly id: string;
  readonly patientId: string;
  readonly performed: Date;
  readonly text?: string;
}): FhirResource {
  return {
    resourceType: 'Procedure',
    id: delivery.id,
    status: 'completed',
    code: {
      coding: [{ system: SNOMED, code: '236973005', display: 'Delivery procedure' }],
      ...(delivery.text ? { text: delivery.text } : {}),
    },
    subject: { reference: `Patient/${delivery.patientId}` },
    performedDateTime: delivery.performed.toISOString(),
  };
}

/** Gestational age in days (LOINC 49052-4) at the time given. */
export function gestationObservation(patientId: string, days: number, at: string): FhirResource {
  return {
    resourceType: 'Observation',
    status: 'final',
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: at,
    ...quantity('49052-4', days, 'd'),
  };
}

const BEACON_PATHWAY_EVENT = 'https://beacon-ews.github.io/fhir/CodeSystem/pathway-event';

/** Expired carbon monoxide in ppm (SNOMED 251900003, the MSDS code), at an antenatal appointment. */
export function carbonMonoxideObservation(patientId: string, ppm: number, at: string): FhirResource {
  return {
    resourceType: 'Observation',
    status: 'final',
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: at,
    code: {
      coding: [{ system: SNOMED, code: '251900003', display: 'Expired carbon monoxide concentration' }],
    },
    valueQuantity: { value: ppm, unit: 'ppm', system: UCUM, code: '[ppm]' },
  };
}

/** A preterm labour state (Beacon pathway-event code), e.g. "preterm-labour-established", as a Condition. */
export function labourCondition(labour: {
  readonly patientId: string;
  readonly code: string;
  readonly onset: string;
}): FhirResource {
  return {
    resourceType: 'Condition',
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    code: { coding: [{ system: BEACON_PATHWAY_EVENT, code: labour.code }] },
    subject: { reference: `Patient/${labour.patientId}` },
    onsetDateTime: labour.onset,
  };
}

/** A medicine given (Beacon pathway-event code, e.g. "magnesium-sulphate-loading"), as a MedicationAdministration. */
export function medicationGiven(given: {
  readonly patientId: string;
  readonly code: string;
  readonly display: string;
  readonly at: string;
  readonly end?: string;
}): FhirResource {
  return {
    resourceType: 'MedicationAdministration',
    status: given.end ? 'in-progress' : 'completed',
    medicationCodeableConcept: {
      coding: [{ system: BEACON_PATHWAY_EVENT, code: given.code, display: given.display }],
      text: given.display,
    },
    subject: { reference: `Patient/${given.patientId}` },
    ...(given.end
      ? { effectivePeriod: { start: given.at, end: given.end } }
      : { effectiveDateTime: given.at }),
  };
}
