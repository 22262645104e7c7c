import request from 'supertest';
import { fixture } from '../support/fixtures';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const FHIR = 'application/fhir+json';

describe('FHIR intake (real PostgreSQL)', () => {
  let beacon: TestBeacon;
  let epr: TestEpr;
  let token: string;

  beforeAll(async () => {
    epr = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'api' }, { clients: [epr.registration()] });
    token = await epr.token(beacon.url);
  });

  afterAll(async () => {
    await beacon?.close();
  });

  it('accepts the UK Core maternity transaction and normalises every reading', async () => {
    const bundle = fixture('uk-core/maternity-woman-vitals.transaction.json');
    const response = await request(beacon.url)
      .post('/fhir')
      .set('Authorization', `Bearer ${token}`)
      .type(FHIR)
      .send(JSON.stringify(bundle));
    expect(response.status).toBe(200);
    expect(response.body.type).toBe('transaction-response');
    const readings = await beacon.database.query<{ field: string; value: unknown }>(
      `SELECT field, value FROM reading ORDER BY field`,
    );
    expect(Object.fromEntries(readings.map((r) => [r.field, r.value]))).toEqual({
      consciousness: 'A',
      diastolicBP: 76,
      heartRate: 84,
      onSupplementalOxygen: false,
      oxygenSaturation: 98,
      respiratoryRate: 16,
      systolicBP: 118,
      temperature: 36.9,
    });
  });

  it('answers a repeat of the same transaction with 200s and stores nothing new', async () => {
    const bundle = fixture<fhir4.Bundle>('uk-core/maternity-woman-vitals.transaction.json');
    const before = await beacon.database.query(`SELECT count(*)::int AS n FROM fhir_resource`);
    const response = await request(beacon.url)
      .post('/fhir')
      .set('Authorization', `Bearer ${token}`)
      .type(FHIR)
      .send(JSON.stringify(bundle));
    expect(response.status).toBe(200);
    const statuses = (response.body as fhir4.Bundle).entry?.map((entry) => entry.response?.status);
    expect(statuses).toEqual(Array((bundle.entry as unknown[]).length).fill('200 OK'));
    expect(await beacon.database.query(`SELECT count(*)::int AS n FROM fhir_resource`)).toEqual(before);
  });

  it('publishes a truthful CapabilityStatement without a token', async () => {
    const response = await request(beacon.url).get('/fhir/metadata');
    expect(response.status).toBe(200);
    expect(response.body.fhirVersion).toBe('4.0.1');
  });
});
