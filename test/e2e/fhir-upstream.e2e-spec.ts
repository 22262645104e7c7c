import { createHmac } from 'node:crypto';
import request from 'supertest';
import { JobName, QueueName } from '../../src/queue/queue.constants';
import { TestFhirServer } from '../support/fhir-server';
import { waitUntil } from '../support/private-redis';
import { jobsIn } from '../support/queue-inspector';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { createTestDatabase, dropDatabase } from '../support/test-database';
import { TestEpr } from '../support/test-epr';

const SECRET = 'notify-secret-0123456789abcdef';
const FHIR = 'application/fhir+json';

const patient = (id: string) => ({
  resourceType: 'Patient',
  id,
  name: [{ family: 'Upstream', given: [id] }],
});
const heartRate = (patientId: string, value: number, at: string) => ({
  resourceType: 'Observation',
  status: 'final',
  category: [
    {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }],
    },
  ],
  code: {
    coding: [
      { system: 'http://snomed.info/sct', code: '364075005' },
      { system: 'http://loinc.org', code: '8867-4' },
    ],
  },
  subject: { reference: `Patient/${patientId}` },
  effectiveDateTime: at,
  valueQuantity: { value, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
});

async function count(beacon: TestBeacon, sql: string, parameters: unknown[] = []): Promise<number> {
  const [row] = await beacon.database.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${sql}`,
    parameters,
  );
  return row?.n ?? 0;
}

describe('subscribing to an upstream FHIR server (real Medplum engine)', () => {
  let upstream: TestFhirServer;
  let database: { name: string; url: string };
  let beacon: TestBeacon;
  let epr: TestEpr;

  const start = () =>
    startTestBeacon(
      {
        BEACON_ROLE: 'all',
        BEACON_FHIR_UPSTREAM_URL: upstream.baseUrl,
        BEACON_FHIR_NOTIFY_SECRET: SECRET,
        BEACON_FHIR_CATCHUP_INTERVAL_MS: '600000',
      },
      { database, clients: [epr.registration()] },
    );

  beforeAll(async () => {
    upstream = await TestFhirServer.start({ deliveryRetries: 1, retryDelayMs: 100 });
    database = await createTestDatabase();
    // The EPR posts directly AND its FHIR server notifies: same source system, so both routes meet in one record.
    epr = await TestEpr.create({ sourceSystem: upstream.baseUrl.replace(/\/$/, '') });
    beacon = await start();
  });

  afterAll(async () => {
    await beacon?.close();
    await upstream?.stop();
    await dropDatabase(database.name);
  });

  it('creates its Subscriptions upstream on start: one per resource type, rest-hook to /fhir/notify', async () => {
    await waitUntil(async () => {
      const found = (await upstream.search(
        `Subscription?url=${encodeURIComponent(`${beacon.url}/fhir/notify`)}`,
      )) as fhir4.Bundle;
      return (found.entry?.length ?? 0) === 8;
    }, 'eight subscriptions upstream');
    const found = (await upstream.search(
      `Subscription?url=${encodeURIComponent(`${beacon.url}/fhir/notify`)}`,
    )) as fhir4.Bundle;
    const criteria = found.entry?.map((entry) => (entry.resource as fhir4.Subscription).criteria).sort();
    expect(criteria).toEqual([
      'Condition',
      'Encounter',
      'EpisodeOfCare',
      'MedicationAdministration',
      'Observation',
      'Patient',
      'Procedure',
      'RelatedPerson',
    ]);
  });

  it('stores what Medplum delivers (bare resources signed with X-Signature)', async () => {
    await upstream.update(patient('up-1'));
    const observation = await upstream.create(heartRate('up-1', 88, '2026-11-22T08:00:00Z'));
    await waitUntil(
      async () => (await count(beacon, `fhir_resource WHERE source_id = $1`, [observation.id])) === 1,
      'observation delivered',
    );
    const delivered = upstream.deliveries.filter((delivery) => delivery.id === observation.id);
    expect(delivered.map((delivery) => delivery.status)).toEqual([200]);
    expect(delivered[0]?.headers['X-Signature'] ?? delivered[0]?.headers['x-signature']).toMatch(
      /^[0-9a-f]{64}$/,
    );
    await waitUntil(
      async () => (await count(beacon, `reading WHERE field = 'heartRate' AND value = '88'::jsonb`)) === 1,
      'reading stored',
    );
  });

  it('fetches the patient first when a resource arrives about a patient Beacon has not seen', async () => {
    upstream.deliveriesEnabled = false;
    await upstream.update(patient('up-late'));
    upstream.deliveriesEnabled = true;
    const observation = await upstream.create(heartRate('up-late', 91, '2026-11-22T08:05:00Z'));
    await waitUntil(
      async () => (await count(beacon, `reading WHERE field = 'heartRate' AND value = '91'::jsonb`)) === 1,
      'deferred observation stored',
    );
    expect(await count(beacon, `patient_identity WHERE source_id = 'up-late'`)).toBe(1);
    expect(await count(beacon, `fhir_resource WHERE source_id = $1`, [observation.id])).toBe(1);
  });

  it('stores one reading and runs one job for an Observation posted 5 times and delivered again by notification', async () => {
    const token = await epr.token(beacon.url);
    upstream.deliveriesEnabled = false;
    const observation = await upstream.create(heartRate('up-1', 77, '2026-11-22T09:00:00Z'));
    upstream.deliveriesEnabled = true;
    const asRead = JSON.stringify(await upstream.read('Observation', observation.id));
    const [{ last: before } = { last: '0' }] = await beacon.database.query<{ last: string }>(
      'SELECT coalesce(max(id), 0)::text AS last FROM outbox',
    );
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await request(beacon.url)
        .post('/fhir/Observation')
        .set('Authorization', `Bearer ${token}`)
        .type(FHIR)
        .send(asRead);
      statuses.push(response.status);
    }
    // The same version delivered by the server, Medplum style: the bare resource signed with X-Signature.
    const signature = createHmac('sha256', SECRET).update(asRead).digest('hex');
    const notified = await request(beacon.url)
      .post('/fhir/notify')
      .set('X-Signature', signature)
      .type(FHIR)
      .send(asRead);

    expect(statuses).toEqual([201, 200, 200, 200, 200]);
    expect(notified.status).toBe(200);
    expect(await count(beacon, `fhir_resource WHERE source_id = $1`, [observation.id])).toBe(1);
    expect(await count(beacon, `reading WHERE field = 'heartRate' AND value = '77'::jsonb`)).toBe(1);
    const [row] = await beacon.database.query<{ patient_id: string }>(
      `SELECT patient_id FROM fhir_resource WHERE source_id = $1`,
      [observation.id],
    );
    const queued = `outbox WHERE id > $1 AND topic = 'assess-patient' AND payload->>'patientId' = $2`;
    expect(await count(beacon, queued, [before, row?.patient_id])).toBe(1);
    await waitUntil(
      async () =>
        (await count(beacon, `${queued} AND dispatched_at IS NOT NULL`, [before, row?.patient_id])) === 1,
      'job enqueued',
    );
    const jobs = await jobsIn(
      beacon.config.env.BEACON_REDIS_URL,
      beacon.config.env.BEACON_QUEUE_PREFIX,
      QueueName.Clinical,
      JobName.AssessPatient,
    );
    const [outbox] = await beacon.database.query<{ id: string }>(`SELECT id::text AS id FROM ${queued}`, [
      before,
      row?.patient_id,
    ]);
    expect(jobs.filter((job) => job.id === `${JobName.AssessPatient}-${outbox?.id}`)).toHaveLength(1);
  });

  it('fetches the resource named by an id-only R4B notification, and acknowledges handshakes and pings', async () => {
    upstream.deliveriesEnabled = false;
    const observation = await upstream.create(heartRate('up-1', 66, '2026-11-22T10:00:00Z'));
    upstream.deliveriesEnabled = true;
    const idOnly = {
      resourceType: 'Bundle',
      type: 'subscription-notification',
      entry: [
        {
          resource: {
            resourceType: 'SubscriptionStatus',
            status: 'active',
            type: 'event-notification',
            subscription: { reference: 'Subscription/x' },
            topic: 'x',
          },
        },
        { fullUrl: `${upstream.baseUrl}/Observation/${observation.id}` },
      ],
    };
    const notify = (body: unknown) =>
      request(beacon.url)
        .post('/fhir/notify')
        .set('Authorization', `Bearer ${SECRET}`)
        .type(FHIR)
        .send(JSON.stringify(body));
    expect((await notify(idOnly)).status).toBe(200);
    await waitUntil(
      async () => (await count(beacon, `reading WHERE field = 'heartRate' AND value = '66'::jsonb`)) === 1,
      'fetched and stored',
    );

    const handshake = {
      ...idOnly,
      entry: [{ resource: { ...idOnly.entry[0]?.resource, type: 'handshake' } }],
    };
    expect((await notify(handshake)).body.issue[0].diagnostics).toBe('handshake received');
    const ping = await request(beacon.url).post('/fhir/notify').set('Authorization', `Bearer ${SECRET}`);
    expect(ping.status).toBe(200);
    expect(ping.body.issue[0].diagnostics).toBe('ping received');
  });

  it('accepts the R4 rest-hook update form (PUT /fhir/notify/Observation/{id}) and an R4 backport history Bundle', async () => {
    const put = heartRate('up-1', 72, '2026-11-22T11:00:00Z');
    const response = await request(beacon.url)
      .put('/fhir/notify/Observation/put-form-1')
      .set('Authorization', `Bearer ${SECRET}`)
      .type(FHIR)
      .send(JSON.stringify({ ...put, id: 'put-form-1', meta: { versionId: '1' } }));
    expect(response.status).toBe(200);
    const history = {
      resourceType: 'Bundle',
      type: 'history',
      entry: [
        {
          resource: {
            resourceType: 'Parameters',
            parameter: [{ name: 'type', valueCode: 'event-notification' }],
          },
        },
        {
          fullUrl: `${upstream.baseUrl}/Observation/history-1`,
          resource: {
            ...heartRate('up-1', 73, '2026-11-22T11:30:00Z'),
            id: 'history-1',
            meta: { versionId: '1' },
          },
        },
      ],
    };
    expect(
      (
        await request(beacon.url)
          .post('/fhir/notify')
          .set('Authorization', `Bearer ${SECRET}`)
          .type(FHIR)
          .send(JSON.stringify(history))
      ).status,
    ).toBe(200);
    expect(await count(beacon, `fhir_resource WHERE source_id IN ('put-form-1', 'history-1')`)).toBe(2);
  });

  it('catches up after downtime: everything created while Beacon was stopped is processed exactly once', async () => {
    await upstream.update(patient('up-catch-up'));
    await waitUntil(
      async () => (await count(beacon, `patient_identity WHERE source_id = 'up-catch-up'`)) === 1,
      'patient delivered',
    );
    await beacon.close();
    const created: { id: string }[] = [];
    for (let index = 0; index < 5; index += 1)
      created.push(
        await upstream.create(heartRate('up-catch-up', 100 + index, `2026-11-22T12:0${index}:00Z`)),
      );
    // Deliveries to the stopped Beacon failed and were dropped, as real servers do after a few retries.
    expect(
      upstream.deliveries
        .filter((delivery) => created.some((resource) => resource.id === delivery.id))
        .every((delivery) => delivery.status === 'error'),
    ).toBe(true);

    beacon = await start();
    const ids = created.map((resource) => resource.id);
    await waitUntil(
      async () => (await count(beacon, `fhir_resource WHERE source_id = ANY($1)`, [ids])) === 5,
      'caught up',
      20000,
    );
    await waitUntil(
      async () =>
        (await count(
          beacon,
          `reading WHERE field = 'heartRate' AND (value #>> '{}')::int BETWEEN 100 AND 104`,
        )) === 5,
      'readings stored',
    );
    for (const id of ids) expect(await count(beacon, `fhir_resource WHERE source_id = $1`, [id])).toBe(1);

    // Another catch-up (a ping triggers one) finds them again and changes nothing.
    const before = await count(beacon, 'fhir_resource');
    expect(
      (await request(beacon.url).post('/fhir/notify').set('Authorization', `Bearer ${SECRET}`)).status,
    ).toBe(200);
    const catchUps = () =>
      jobsIn(
        beacon.config.env.BEACON_REDIS_URL,
        beacon.config.env.BEACON_QUEUE_PREFIX,
        QueueName.Upstream,
        JobName.CatchUpUpstream,
      );
    await waitUntil(
      async () => (await catchUps()).some((job) => job.data.trigger === 'ping' && job.state === 'completed'),
      'ping catch-up done',
    );
    const ping = (await catchUps()).find((job) => job.data.trigger === 'ping');
    expect(ping?.returnValue).toMatchObject({ stored: 0, rejected: 0 });
    // The search starts at the cursor (inclusive), so it sees the boundary again and recognises it as a repeat.
    expect((ping?.returnValue as { fetched: number }).fetched).toBeGreaterThanOrEqual(1);
    expect(await count(beacon, 'fhir_resource')).toBe(before);
  });
});
