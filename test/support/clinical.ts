import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StaffRole } from '../../src/auth/principal';
import { signStaffToken } from '../../src/auth/staff-token';

export const TEST_TOKEN_SECRET = 'test-token-secret-0123456789abcdef0123456789';

/** The shipped ward file with a short escalation ladder (seconds, not minutes) so tests can watch it climb. */
export function shortLadderWards(ackSeconds = 3, overdueGraceMinutes = 0): string {
  const wards = JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'wards.json'), 'utf8')) as {
    wards: Record<string, unknown>[];
  };
  const minutes = ackSeconds / 60;
  for (const ward of wards.wards) {
    ward.escalation = {
      ladder: [
        { role: 'midwife-in-charge', label: 'Midwife in charge', acknowledgeWithinMinutes: minutes },
        { role: 'registrar', label: 'Registrar on call', acknowledgeWithinMinutes: minutes },
        { role: 'consultant', label: 'Consultant on call', acknowledgeWithinMinutes: minutes },
      ],
      overdueGraceMinutes,
    };
  }
  const file = join(mkdtempSync(join(tmpdir(), 'beacon-wards-')), 'wards.json');
  writeFileSync(file, JSON.stringify(wards));
  return file;
}

export function staffToken(role: StaffRole, wards: string[] = [], name = `Test ${role}`): Promise<string> {
  return signStaffToken(
    new TextEncoder().encode(TEST_TOKEN_SECRET),
    { userId: `test-${role}-${randomUUID().slice(0, 6)}`, name, role, wards },
    3600,
  );
}

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

export interface Vitals {
  respiratoryRate?: number;
  heartRate?: number;
  oxygenSaturation?: number;
  temperature?: number;
  systolicBP?: number;
  diastolicBP?: number;
  consciousness?: 'A' | 'V';
  concern?: boolean;
}

const quantity = (code: string, value: number, unit: string) => ({
  code: { coding: [{ system: LOINC, code }] },
  valueQuantity: { value, system: UCUM, code: unit },
});

/** Observations of one observation set, as a FHIR EPR would send them (LOINC codes, UCUM units). */
export function vitalsObservations(
  patientRef: string,
  vitals: Vitals,
  at: string,
): Record<string, unknown>[] {
  const base = {
    resourceType: 'Observation',
    status: 'final',
    subject: { reference: patientRef },
    effectiveDateTime: at,
  };
  const out: Record<string, unknown>[] = [];
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
        coding: [{ system: 'https://beacon-ews.github.io/fhir/CodeSystem/observation', code: 'concern' }],
      },
      valueBoolean: vitals.concern,
    });
  }
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
  const entries = [
    {
      resourceType: 'Patient',
      id: patientId,
      name: [{ given: ['Test'], family: patientId }],
      gender: 'female',
    },
    {
      resourceType: 'Encounter',
      id: `enc-${patientId}`,
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: ref },
      location: [
        { location: { reference: `Location/${wardId}` } },
        {
          location: { display: bed },
          physicalType: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'bd' }],
          },
        },
      ],
    },
    ...vitalsObservations(ref, vitals, at),
  ];
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: entries.map((resource) => {
      const id = (resource as { id?: string }).id;
      return id
        ? {
            fullUrl: `${String(resource.resourceType)}/${id}`,
            resource,
            request: { method: 'PUT', url: `${String(resource.resourceType)}/${id}` },
          }
        : {
            fullUrl: `urn:uuid:${randomUUID()}`,
            resource,
            request: { method: 'POST', url: String(resource.resourceType) },
          };
    }),
  };
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

export const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();
