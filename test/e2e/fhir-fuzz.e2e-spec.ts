import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import {
  inpatientEncounter,
  patientResource,
  transactionBundle,
  vitalsObservations,
} from '../../src/simulator/fhir-bundles';
import type { Fixture, FuzzRequest } from '../support/fuzz';
import { mutatedRequests } from '../support/fuzz';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

/**
 * Property-based fuzzing of FHIR intake: valid requests, each changed in one place (test/support/fuzz.ts), must never
 * get a 5xx; a refusal is an OperationOutcome naming an element, and changes no stored row. 2,000 cases in
 * `npm test`; `npm run fuzz -- --cases 50000` for a long run (BEACON_FUZZ_CASES, BEACON_FUZZ_SEED).
 */
const CASES = Number(process.env.BEACON_FUZZ_CASES ?? 2000);
const SEED = process.env.BEACON_FUZZ_SEED ? Number(process.env.BEACON_FUZZ_SEED) : undefined;
const FHIR = 'application/fhir+json';
/** NHS number 9991234071 (check digit worked in test/e2e/fhir-bad-input.e2e-spec.ts). */
const NHS_NUMBER = '9991234071';
const TABLES = [
  'fhir_resource',
  'reading',
  'clinical_event',
  'patient',
  'patient_identity',
  'outbox',
] as const;
/** The only audit events a refusal may write: the record of a refused change to another source's patient facts. */
const REFUSAL_AUDIT = ['patient.update-refused', 'patient.move-refused'];

const PANEL_MEMBERS = [
  'urn:uuid:5f0c2a8e-9d7b-4c1e-8a3f-6b2d4e8f0a11',
  'urn:uuid:5f0c2a8e-9d7b-4c1e-8a3f-6b2d4e8f0a12',
  'urn:uuid:5f0c2a8e-9d7b-4c1e-8a3f-6b2d4e8f0a13',
];

const at = () => new Date(Date.now() - 10 * 60_000).toISOString();

function fixtures(): Fixture[] {
  const patient = patientResource({
    id: 'fuzz-patient',
    nhsNumber: NHS_NUMBER,
    given: ['Fuzz'],
    family: 'BEACONTEST',
    gender: 'female',
    born: { date: '1992-02-03' },
  });
  const [heartRate, bloodPressure] = vitalsObservations(
    'Patient/fuzz-patient',
    { heartRate: 81, systolicBP: 118, diastolicBP: 76 },
    at(),
  );
  const panelAt = at();
  const panelMembers = vitalsObservations(
    'Patient/fuzz-patient',
    { heartRate: 88, respiratoryRate: 17, temperature: 36.9 },
    panelAt,
  );
  const vitalSigns = (panelMembers[0] as { category?: unknown }).category;
  return [
    { name: 'Patient', path: '/fhir/Patient', body: patient as never },
    {
      name: 'Encounter',
      path: '/fhir/Encounter',
      body: inpatientEncounter({
        id: 'fuzz-stay',
        patientId: 'fuzz-patient',
        wardId: 'maternity-a',
        bed: 'Bed 9',
      }) as never,
    },
    { name: 'heart rate', path: '/fhir/Observation', body: heartRate as never },
    { name: 'blood pressure', path: '/fhir/Observation', body: bloodPressure as never },
    {
      name: 'transaction',
      path: '/fhir',
      body: transactionBundle([
        patient,
        ...vitalsObservations('Patient/fuzz-patient', { respiratoryRate: 16, temperature: 37.1 }, at()),
      ]) as never,
    },
    {
      // A batch answers 200 with each entry's own status: the oracle looks inside (no 5xx entry either).
      name: 'batch',
      path: '/fhir',
      body: {
        ...transactionBundle([
          patient,
          ...vitalsObservations('Patient/fuzz-patient', { oxygenSaturation: 97, heartRate: 78 }, at()),
        ]),
        type: 'batch',
      },
    },
    {
      // A vital-signs panel (85353-1) whose members are entries of the same transaction: its fullUrl and hasMember
      // references are read to file the members as one set.
      name: 'panel',
      path: '/fhir',
      body: {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: 'urn:uuid:5f0c2a8e-9d7b-4c1e-8a3f-6b2d4e8f0a10',
            resource: {
              resourceType: 'Observation',
              status: 'final',
              category: vitalSigns,
              code: {
                coding: [{ system: 'http://loinc.org', code: '85353-1', display: 'Vital signs panel' }],
              },
              subject: { reference: 'Patient/fuzz-patient' },
              effectiveDateTime: panelAt,
              hasMember: PANEL_MEMBERS.map((reference) => ({ reference })),
            },
            request: { method: 'POST', url: 'Observation' },
          },
          ...panelMembers.map((resource, index) => ({
            fullUrl: PANEL_MEMBERS[index],
            resource,
            request: { method: 'POST', url: 'Observation' },
          })),
        ],
      } as never,
    },
  ];
}

interface Outcome {
  resourceType?: string;
  issue?: { severity?: string; expression?: string[]; diagnostics?: string }[];
}

describe(`FHIR intake under ${CASES} mutated requests (fast-check, real PostgreSQL)`, () => {
  let beacon: TestBeacon;
  let token: string;
  const statuses = new Map<string, number>();
  const byMutation = new Map<string, Map<number, number>>();

  const counts = async (): Promise<string> => {
    const [row] = await beacon.database.query<Record<string, number>>(
      `SELECT ${TABLES.map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`).join(', ')}`,
    );
    return JSON.stringify(row);
  };
  const post = (path: string, body: string) =>
    request(beacon.url)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', FHIR)
      .send(body);

  beforeAll(async () => {
    const epr = await TestEpr.create();
    beacon = await startTestBeacon(
      {
        BEACON_ROLE: 'api',
        BEACON_RATE_LIMIT_PER_MINUTE: '100000000',
        BEACON_ACCESS_TOKEN_TTL_SECONDS: '3600',
      },
      { clients: [epr.registration()] },
    );
    token = await epr.token(beacon.url);
  });

  afterAll(async () => {
    await beacon?.close();
    const report = {
      cases: CASES,
      seed: SEED ?? null,
      statuses: Object.fromEntries(statuses),
      byMutation: Object.fromEntries([...byMutation].map(([kind, map]) => [kind, Object.fromEntries(map)])),
    };
    mkdirSync(join(__dirname, '..', '..', '.test-results'), { recursive: true });
    writeFileSync(
      join(__dirname, '..', '..', '.test-results', 'fuzz.json'),
      `${JSON.stringify(report, null, 2)}\n`,
    );
  });

  it('accepts every fixture unchanged (the controls the mutations start from)', async () => {
    for (const fixture of fixtures()) {
      const response = await post(fixture.path, JSON.stringify(fixture.body));
      expect({ fixture: fixture.name, status: response.status }).toEqual({
        fixture: fixture.name,
        status: response.status === 201 || response.status === 200 ? response.status : 'a 2xx',
      });
    }
  });

  it(
    'never answers 5xx; refuses with an OperationOutcome naming an element; a refusal stores nothing',
    async () => {
      const check = async (mutated: FuzzRequest) => {
        const before = await counts();
        const [audit] = await beacon.database.query<{ last: string }>(
          'SELECT coalesce(max(id), 0)::text AS last FROM audit_event',
        );
        const response = await post(mutated.path, mutated.body);
        statuses.set(String(response.status), (statuses.get(String(response.status)) ?? 0) + 1);
        const kind = byMutation.get(mutated.mutation) ?? new Map<number, number>();
        kind.set(response.status, (kind.get(response.status) ?? 0) + 1);
        byMutation.set(mutated.mutation, kind);
        const seen = { status: response.status, body: response.text.slice(0, 500), at: mutated.at };
        expect(response.status < 500 ? seen : { ...seen, status: 'below 500' }).toEqual(seen);
        if (response.status < 400) {
          // A batch-response's entries: never a 5xx, and each refused entry names an element.
          const entries = (JSON.parse(response.text || '{}') as fhir4.Bundle).entry ?? [];
          for (const entry of entries) {
            const status = Number.parseInt(entry.response?.status ?? '', 10);
            const answered = { entry: entry.response?.status, at: mutated.at };
            expect(status < 500 ? answered : { ...answered, entry: 'below 500' }).toEqual(answered);
            if (status < 400) continue;
            const issues = (entry.response?.outcome as Outcome | undefined)?.issue ?? [];
            const named = issues
              .filter((issue) => issue.severity === 'error')
              .flatMap((i) => i.expression ?? []);
            expect(named.length > 0 ? 'names an element' : answered).toBe('names an element');
          }
          return;
        }
        expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
        const outcome = JSON.parse(response.text) as Outcome;
        expect(outcome.resourceType).toBe('OperationOutcome');
        const errors = (outcome.issue ?? []).filter((issue) => issue.severity === 'error');
        expect(errors.length).toBeGreaterThan(0);
        const named = errors.flatMap((issue) => issue.expression ?? []);
        expect(named.length > 0 ? 'names an element' : seen).toBe('names an element');
        expect(await counts()).toBe(before);
        const audited = await beacon.database.query<{ type: string }>(
          'SELECT type FROM audit_event WHERE id > $1',
          [audit?.last],
        );
        expect(audited.map((row) => row.type).filter((type) => !REFUSAL_AUDIT.includes(type))).toEqual([]);
      };
      await fc.assert(fc.asyncProperty(mutatedRequests(fixtures()), check), {
        numRuns: CASES,
        ...(SEED === undefined ? {} : { seed: SEED }),
        endOnFailure: false,
      });
    },
    Math.max(300_000, CASES * 200),
  );
});
