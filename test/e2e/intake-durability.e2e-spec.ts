import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { databaseOptions } from '../../src/database/database-options';
import { PrivatePostgres } from '../support/private-postgres';
import { PrivateRedis, waitUntil } from '../support/private-redis';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const FHIR = 'application/fhir+json';
const patient = { resourceType: 'Patient', id: 'durable-1', name: [{ family: 'Durable' }] };
const heartRate = (value: number, minute: number) => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  subject: { reference: 'Patient/durable-1' },
  effectiveDateTime: `2026-11-22T07:${String(minute).padStart(2, '0')}:00Z`,
  valueQuantity: { value, system: 'http://unitsofmeasure.org', code: '/min' },
});

async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource(
    databaseOptions(loadConfig({ ...process.env, BEACON_DATABASE_URL: url })),
  );
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
}

describe('durable intake (private PostgreSQL and Redis that the test stops)', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let beacon: TestBeacon;
  let token: string;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
    await migrate(postgres.url());
    const epr = await TestEpr.create();
    beacon = await startTestBeacon(
      { BEACON_ROLE: 'all', BEACON_REDIS_URL: redis.url, BEACON_OUTBOX_POLL_MS: '200' },
      { clients: [epr.registration()], database: { name: 'beacon', url: postgres.url() } },
    );
    token = await epr.token(beacon.url);
    expect((await post('/fhir/Patient', patient)).status).toBe(201);
  });

  afterAll(async () => {
    await beacon?.close();
    await redis?.stop();
    await postgres?.destroy();
  });

  const post = (path: string, body: unknown) =>
    request(beacon.url)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .type(FHIR)
      .send(JSON.stringify(body));
  const count = async (sql: string) =>
    ((await postgres.query('beacon', `SELECT count(*)::int AS n FROM ${sql}`)) as { n: number }[])[0]?.n;

  it('answers 503 with Retry-After while PostgreSQL is down, stores nothing, and recovers without a restart', async () => {
    postgres.stop();
    const down = await post('/fhir/Observation', heartRate(81, 1));
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'transient' }] });

    await postgres.start();
    expect(await count(`fhir_resource WHERE resource_type = 'Observation'`)).toBe(0);
    await waitUntil(
      async () => (await post('/fhir/Observation', heartRate(81, 1))).status === 201,
      'accepting again',
    );
    expect(await count(`reading WHERE value = '81'::jsonb`)).toBe(1);
  });

  it('keeps accepting while Redis is down and hands the backlog to the worker when Redis returns', async () => {
    await redis.stop();
    const statuses = [];
    for (let minute = 10; minute < 15; minute += 1)
      statuses.push((await post('/fhir/Observation', heartRate(90 + minute, minute))).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    expect(await count('outbox WHERE dispatched_at IS NULL')).toBeGreaterThanOrEqual(5);

    await redis.start();
    await waitUntil(
      async () => (await count('outbox WHERE dispatched_at IS NULL')) === 0,
      'backlog relayed',
      20000,
    );
    // Five heart rates a minute apart are five observation sets (a parameter a set already has starts another).
    const latestSet = async () =>
      (
        (await postgres.query(
          'beacon',
          `SELECT readings FROM observation_set ORDER BY effective_at DESC LIMIT 1`,
        )) as { readings: { value: number }[] }[]
      )[0];
    await waitUntil(
      async () => (await latestSet())?.readings.some((reading) => reading.value === 104) ?? false,
      'the last reading scored',
      20000,
    );
  });
});
