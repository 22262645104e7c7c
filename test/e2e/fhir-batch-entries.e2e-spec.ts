import request from 'supertest';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const FHIR = 'application/fhir+json';
const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';
/** Valid NHS numbers (mod 11 check digits worked out by hand: 999300001 → 9, 999300002 → 7, …). */
const NHS = ['9993000019', '9993000027', '9993000035', '9993000043', '9993000051'] as const;

/** Source ids the test's trigger refuses at the database, the way PostgreSQL refuses what validation let through. */
const REFUSED = 'refused-by-database';
const GOING_AWAY = 'database-going-away';

const patient = (id: string, nhsNumber: string) => ({
  resourceType: 'Patient',
  id,
  identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhsNumber }],
  name: [{ use: 'official', family: 'BEACONTEST', given: ['Batch'] }],
  gender: 'female',
  birthDate: '1990-02-03',
});

const batch = (...patients: ReturnType<typeof patient>[]) => ({
  resourceType: 'Bundle',
  type: 'batch',
  entry: patients.map((resource) => ({
    resource,
    request: { method: 'PUT', url: `Patient/${resource.id}` },
  })),
});

interface Outcome {
  resourceType: string;
  issue: { severity: string; code: string; expression?: string[]; diagnostics?: string }[];
}

/**
 * Finding 2 of issue 15: a batch whose entry fails for a reason other than its content (here PostgreSQL refuses it,
 * through a trigger the test installs) answered 500 for the whole Bundle although earlier entries were committed, so
 * the EPR could not tell what was stored. A batch answers per entry; only a Bundle that stored nothing because the
 * database is unavailable is a 503 as a whole (docs/integration.md, "Batch and transaction").
 */
describe('batch Bundles answer per entry, also when an entry fails at the database (real PostgreSQL)', () => {
  let beacon: TestBeacon;
  let token: string;

  beforeAll(async () => {
    const epr = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'api' }, { clients: [epr.registration()] });
    token = await epr.token(beacon.url);
    await beacon.database.query(`CREATE FUNCTION test_refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.source_id = '${REFUSED}' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF;
        IF NEW.source_id = '${GOING_AWAY}' THEN
          RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = '57P01';
        END IF;
        RETURN NEW;
      END $$`);
    await beacon.database.query(
      'CREATE TRIGGER test_refuse_marked BEFORE INSERT ON fhir_resource FOR EACH ROW EXECUTE FUNCTION test_refuse_marked()',
    );
  });

  afterAll(async () => {
    await beacon?.close();
  });

  const post = (body: unknown) =>
    request(beacon.url)
      .post('/fhir')
      .set('Authorization', `Bearer ${token}`)
      .type(FHIR)
      .send(JSON.stringify(body));

  const stored = async (sourceId: string) =>
    (
      await beacon.database.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM fhir_resource WHERE source_id = $1',
        [sourceId],
      )
    )[0]?.n;

  it('stores the good entries and answers 500 with an OperationOutcome for the one the database refused', async () => {
    const response = await post(
      batch(patient('batch-good-1', NHS[0]), patient(REFUSED, NHS[1]), patient('batch-good-2', NHS[2])),
    );
    expect(response.status).toBe(200);
    const bundle = response.body as fhir4.Bundle;
    expect(bundle.type).toBe('batch-response');
    expect(bundle.entry?.map((entry) => entry.response?.status)).toEqual([
      '201 Created',
      '500 Internal Server Error',
      '201 Created',
    ]);
    const outcome = bundle.entry?.[1]?.response?.outcome as unknown as Outcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]).toMatchObject({ code: 'exception', expression: ['Bundle.entry[1]'] });
    expect(outcome.issue[0]?.diagnostics).toMatch(/was not stored/);
    expect(outcome.issue[0]?.diagnostics).not.toMatch(/test trigger/);
    expect([await stored('batch-good-1'), await stored(REFUSED), await stored('batch-good-2')]).toEqual([
      1, 0, 1,
    ]);
  });

  it('after something was stored, an entry that finds the database unavailable is a 503 and the rest are not tried', async () => {
    const response = await post(
      batch(
        patient('batch-before-outage', NHS[3]),
        patient(GOING_AWAY, NHS[4]),
        patient('batch-after-outage', '9991234071'),
      ),
    );
    expect(response.status).toBe(200);
    const entries = (response.body as fhir4.Bundle).entry ?? [];
    expect(entries.map((entry) => entry.response?.status)).toEqual([
      '201 Created',
      '503 Service Unavailable',
      '503 Service Unavailable',
    ]);
    expect((entries[1]?.response?.outcome as unknown as Outcome).issue[0]).toMatchObject({
      code: 'transient',
      expression: ['Bundle.entry[1]'],
    });
    expect((entries[2]?.response?.outcome as unknown as Outcome).issue[0]?.diagnostics).toMatch(
      /Bundle\.entry\[2\] was not stored: Bundle\.entry\[1\] found the database unavailable/,
    );
    expect([
      await stored('batch-before-outage'),
      await stored(GOING_AWAY),
      await stored('batch-after-outage'),
    ]).toEqual([1, 0, 0]);
  });

  it('a batch that stored nothing because the database is unavailable is a 503 with Retry-After as a whole', async () => {
    const response = await post(
      batch(patient(GOING_AWAY, NHS[4]), patient('batch-never-tried', '9991234098')),
    );
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect((response.body as Outcome).resourceType).toBe('OperationOutcome');
    expect(await stored('batch-never-tried')).toBe(0);
  });

  it('a transaction with an entry the database refuses stores nothing (all or nothing)', async () => {
    const response = await post({
      ...batch(patient('transaction-good', '9991234098'), patient(REFUSED, NHS[1])),
      type: 'transaction',
    });
    expect(response.status).toBe(500);
    expect((response.body as Outcome).resourceType).toBe('OperationOutcome');
    expect(await stored('transaction-good')).toBe(0);
  });
});
