import request from 'supertest';
import { waitUntil } from '../support/private-redis';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const observation = (id: string, status: string, value: number, at = '2026-11-22T06:00:00Z') => ({
  resourceType: 'Observation',
  id,
  status,
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: 'Patient/status-woman' },
  effectiveDateTime: at,
  valueQuantity: { value, system: 'http://unitsofmeasure.org', code: '/min' },
});

/** What each Observation.status does: final scores, preliminary is stored only, entered-in-error retracts, cancelled is ignored. */
describe('Observation status (real PostgreSQL, Redis and worker)', () => {
  let beacon: TestBeacon;
  let token: string;

  beforeAll(async () => {
    const epr = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'all' }, { clients: [epr.registration()] });
    token = await epr.token(beacon.url);
    await post('/fhir/Patient', { resourceType: 'Patient', id: 'status-woman' });
    await post('/fhir/Encounter', {
      resourceType: 'Encounter',
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: 'Patient/status-woman' },
      location: [{ location: { reference: 'Location/maternity-a' } }],
    });
  });

  afterAll(async () => {
    await beacon?.close();
  });

  const post = (path: string, body: unknown) =>
    request(beacon.url)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .type('application/fhir+json')
      .send(JSON.stringify(body));
  const auditTypes = async () =>
    (await beacon.database.query<{ type: string }>(`SELECT type FROM audit_event ORDER BY id`)).map(
      (row) => row.type,
    );

  it('entered-in-error withdraws the earlier reading, re-evaluates the set it was in, and audits the retraction', async () => {
    expect((await post('/fhir/Observation', observation('hr-wrong-patient', 'final', 135))).status).toBe(201);
    await waitUntil(
      async () =>
        (await beacon.database.query(`SELECT 1 FROM observation_set WHERE is_current`)).length === 1,
      'scored',
    );

    const retraction = await post(
      '/fhir/Observation',
      observation('hr-wrong-patient', 'entered-in-error', 135),
    );
    expect(retraction.status).toBe(201);
    expect(retraction.headers.location).toMatch(/_history\/2$/);
    expect(await beacon.database.query(`SELECT is_current FROM reading WHERE value = '135'::jsonb`)).toEqual([
      { is_current: false },
    ]);
    await waitUntil(
      async () =>
        (await beacon.database.query(`SELECT 1 FROM observation_set WHERE is_current`)).length === 0,
      'set withdrawn',
    );
    const types = await auditTypes();
    expect(types).toEqual(
      expect.arrayContaining(['observation.superseded', 'observation.retracted', 'set.retracted']),
    );
    expect(types.indexOf('observation.retracted')).toBeLessThan(types.indexOf('set.retracted'));
  });

  it('preliminary is stored but not scored', async () => {
    const [{ last: before } = { last: '0' }] = await beacon.database.query<{ last: string }>(
      'SELECT coalesce(max(id), 0)::text AS last FROM outbox',
    );
    expect(
      (await post('/fhir/Observation', observation('hr-prelim', 'preliminary', 99, '2026-11-22T05:00:00Z')))
        .status,
    ).toBe(201);
    expect(
      await beacon.database.query(`SELECT status, assessment_pending FROM reading WHERE value = '99'::jsonb`),
    ).toEqual([{ status: 'stored-only', assessment_pending: false }]);
    const [outbox] = await beacon.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox o JOIN fhir_resource f ON f.patient_id::text = o.payload->>'patientId'
       WHERE f.source_id = 'hr-prelim' AND o.id > $1`,
      [before],
    );
    expect(outbox?.n).toBe(0);
  });

  it('cancelled is stored as received, ignored for scoring, and the decision is audited', async () => {
    expect(
      (await post('/fhir/Observation', observation('hr-cancelled', 'cancelled', 98, '2026-11-22T04:00:00Z')))
        .status,
    ).toBe(201);
    expect(await beacon.database.query(`SELECT 1 FROM reading WHERE value = '98'::jsonb`)).toEqual([]);
    expect(
      await beacon.database.query(`SELECT fhir_status FROM fhir_resource WHERE source_id = 'hr-cancelled'`),
    ).toEqual([{ fhir_status: 'cancelled' }]);
    expect(await auditTypes()).toContain('observation.cancelled-ignored');
  });

  it('a corrected value supersedes the earlier one and the set is scored again with it', async () => {
    expect(
      (await post('/fhir/Observation', observation('hr-typo', 'final', 150, '2026-11-22T03:00:00Z'))).status,
    ).toBe(201);
    await waitUntil(
      async () =>
        (await beacon.database.query(`SELECT 1 FROM observation_set WHERE is_current AND total > 0`))
          .length === 1,
      'scored high',
    );
    expect(
      (await post('/fhir/Observation', observation('hr-typo', 'corrected', 80, '2026-11-22T03:00:00Z')))
        .status,
    ).toBe(201);
    await waitUntil(
      async () =>
        (
          await beacon.database.query(
            `SELECT 1 FROM observation_set WHERE is_current AND readings @> '[{"value": 80}]'`,
          )
        ).length === 1,
      'scored again with the corrected value',
    );
    const [set] = await beacon.database.query<{ times_scored: number }>(
      `SELECT times_scored FROM observation_set WHERE is_current`,
    );
    expect(set?.times_scored).toBe(2);
  });
});
