import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { databaseOptions } from '../../src/database/database-options';
import { JobName, QueueName } from '../../src/queue/queue.constants';
import { BeaconProcess } from '../support/beacon-process';
import {
  TEST_TOKEN_SECRET,
  admissionBundle,
  minutesAgo,
  observationBundle,
  shortLadderWards,
} from '../support/clinical';
import { PrivatePostgres } from '../support/private-postgres';
import { PrivateRedis, waitUntil } from '../support/private-redis';
import { jobsIn } from '../support/queue-inspector';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { queuePrefix } from '../support/test-database';
import { TestEpr } from '../support/test-epr';

const WARD = 'maternity-a';
const AT_THRESHOLD = {
  heartRate: 120,
  respiratoryRate: 24,
  temperature: 36.8,
  oxygenSaturation: 98,
  systolicBP: 118,
  diastolicBP: 76,
  consciousness: 'A' as const,
};

/**
 * Nothing lost under faults. The api runs in the test; Beacon's worker runs as a separate OS process the test kills
 * and restarts. PostgreSQL and Redis are the test's own (private-postgres.ts, private-redis.ts), so stopping them
 * touches nothing else. Lock and stalled-check times are shortened so recovery takes seconds.
 */
describe('faults (worker as a separate process, private PostgreSQL and Redis)', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let beacon: TestBeacon;
  let token: string;
  let workerEnv: Record<string, string>;
  const workers: BeaconProcess[] = [];

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
    const migration = new DataSource(
      databaseOptions(loadConfig({ ...process.env, BEACON_DATABASE_URL: postgres.url() })),
    );
    await migration.initialize();
    await migration.runMigrations();
    await migration.destroy();
    const wards = shortLadderWards(3);
    const prefix = queuePrefix();
    workerEnv = {
      BEACON_DATABASE_URL: postgres.url(),
      BEACON_REDIS_URL: redis.url,
      BEACON_QUEUE_PREFIX: prefix,
      BEACON_WARD_CONFIG: wards,
      BEACON_TOKEN_SECRET: TEST_TOKEN_SECRET,
      BEACON_JOB_LOCK_MS: '2000',
      BEACON_JOB_STALLED_CHECK_MS: '1000',
      BEACON_TIMER_SWEEP_MS: '1000',
      BEACON_OUTBOX_POLL_MS: '200',
      BEACON_SHUTDOWN_GRACE_MS: '3000',
    };
    const epr = await TestEpr.create();
    beacon = await startTestBeacon(
      {
        BEACON_ROLE: 'api',
        BEACON_REDIS_URL: redis.url,
        BEACON_QUEUE_PREFIX: prefix,
        BEACON_WARD_CONFIG: wards,
        BEACON_OUTBOX_POLL_MS: '200',
      },
      { clients: [epr.registration()], database: { name: 'beacon', url: postgres.url() } },
    );
    token = await epr.token(beacon.url);
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await beacon?.close();
    await redis?.stop();
    await postgres?.destroy();
  });

  async function startWorker(): Promise<BeaconProcess> {
    const worker = BeaconProcess.start('worker', workerEnv);
    workers.push(worker);
    await worker.waitForOutput(/worker started/);
    return worker;
  }

  const post = (body: unknown) =>
    request(beacon.url)
      .post('/fhir')
      .set('Authorization', `Bearer ${token}`)
      .type('application/fhir+json')
      .send(JSON.stringify(body));
  const sql = async <T>(text: string, parameters: unknown[] = []) =>
    await beacon.database.query<T>(text, parameters);
  const patientIdOf = async (sourceId: string) =>
    (
      await sql<{ patient_id: string }>('SELECT patient_id FROM patient_identity WHERE source_id = $1', [
        sourceId,
      ])
    )[0]?.patient_id ?? '';
  const alertCount = async (patientId: string, kind = 'deterioration') =>
    (
      await sql<{ n: number }>('SELECT count(*)::int AS n FROM alert WHERE patient_id = $1 AND kind = $2', [
        patientId,
        kind,
      ])
    )[0]?.n ?? 0;

  it('a worker killed (SIGKILL) in the middle of scoring: the job is picked up again and exactly one alert results', async () => {
    expect((await post(admissionBundle('f-kill', WARD, {}, minutesAgo(2)))).status).toBe(200);
    const patientId = await patientIdOf('f-kill');
    // Hold the patient's lock so the scoring job is provably stuck inside its transaction when the worker dies.
    const holder = new Client({ connectionString: postgres.url() });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`patient:${patientId}`]);
    const worker = await startWorker();
    expect((await post(observationBundle('f-kill', AT_THRESHOLD, minutesAgo(1)))).status).toBe(200);
    const active = async () =>
      (
        await jobsIn(
          redis.url,
          workerEnv.BEACON_QUEUE_PREFIX ?? '',
          QueueName.Clinical,
          JobName.AssessPatient,
        )
      ).some((job) => job.data.patientId === patientId && job.state === 'active');
    await waitUntil(active, 'scoring job active', 20000);

    worker.kill('SIGKILL');
    await worker.exited;
    await holder.end();
    expect(await alertCount(patientId)).toBe(0);

    await startWorker();
    await waitUntil(async () => (await alertCount(patientId)) === 1, 'alert raised after recovery', 30000);
    expect(
      (
        await sql<{ n: number }>('SELECT count(*)::int AS n FROM observation_set WHERE patient_id = $1', [
          patientId,
        ])
      )[0]?.n,
    ).toBe(1);
  }, 150_000);

  it('Redis stopped while observations arrive and started again: every accepted observation is scored and every due alert raised', async () => {
    await redis.stop();
    const patients = ['f-redis-1', 'f-redis-2', 'f-redis-3'];
    for (const id of patients)
      expect((await post(admissionBundle(id, WARD, AT_THRESHOLD, minutesAgo(1)))).status).toBe(200);
    await redis.start();
    for (const id of patients) {
      const patientId = await patientIdOf(id);
      await waitUntil(async () => (await alertCount(patientId)) === 1, `alert for ${id}`, 30000);
    }
  });

  it('PostgreSQL restarted during processing: the worker recovers without being restarted itself', async () => {
    const worker = workers.at(-1) as BeaconProcess;
    expect((await post(admissionBundle('f-pg-1', WARD, AT_THRESHOLD, minutesAgo(1)))).status).toBe(200);
    await postgres.restart();
    // The api may answer 503 until its pool reconnects; the sender retries, as EPRs do on 503.
    await waitUntil(
      async () => (await post(admissionBundle('f-pg-2', WARD, AT_THRESHOLD, minutesAgo(1)))).status === 200,
      'intake back',
      20000,
    );
    for (const id of ['f-pg-1', 'f-pg-2']) {
      const patientId = await patientIdOf(id);
      await waitUntil(async () => (await alertCount(patientId)) === 1, `alert for ${id}`, 30000);
    }
    expect(worker.pid).toBeDefined();
    expect(await Promise.race([worker.exited.then(() => 'exited'), Promise.resolve('running')])).toBe(
      'running',
    );
  });

  it('the same observation delivered twice at once: one set, one alert', async () => {
    expect((await post(admissionBundle('f-twice', WARD, {}, minutesAgo(2)))).status).toBe(200);
    const observation = {
      resourceType: 'Observation',
      id: 'f-twice-hr',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: 'Patient/f-twice' },
      effectiveDateTime: minutesAgo(1),
      valueQuantity: { value: 150, system: 'http://unitsofmeasure.org', code: '/min' },
    };
    const send = () =>
      request(beacon.url)
        .post('/fhir/Observation')
        .set('Authorization', `Bearer ${token}`)
        .type('application/fhir+json')
        .send(JSON.stringify(observation));
    const statuses = (await Promise.all([send(), send()])).map((response) => response.status).sort();
    expect(statuses).toEqual([200, 201]);
    const patientId = await patientIdOf('f-twice');
    await waitUntil(async () => (await alertCount(patientId)) === 1, 'alert', 30000);
    expect(
      (
        await sql<{ n: number }>('SELECT count(*)::int AS n FROM observation_set WHERE patient_id = $1', [
          patientId,
        ])
      )[0]?.n,
    ).toBe(1);
    expect(
      (
        await sql<{ n: number }>(`SELECT count(*)::int AS n FROM reading WHERE patient_id = $1`, [patientId])
      )[0]?.n,
    ).toBe(1);
  });

  it('a re-escalation timer that falls due while the worker is down fires when the worker returns', async () => {
    expect((await post(admissionBundle('f-timer', WARD, AT_THRESHOLD, minutesAgo(1)))).status).toBe(200);
    const patientId = await patientIdOf('f-timer');
    await waitUntil(async () => (await alertCount(patientId)) === 1, 'alert raised', 30000);
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    const due = async () =>
      (
        await sql<{ due: boolean }>(
          `SELECT next_escalation_at < now() AS due FROM alert WHERE patient_id = $1 AND kind = 'deterioration'`,
          [patientId],
        )
      )[0]?.due ?? false;
    await waitUntil(due, 'the escalation falls due with no worker running', 20000);
    expect(
      (
        await sql<{ step: number }>(
          `SELECT escalation_step AS step FROM alert WHERE patient_id = $1 AND kind = 'deterioration'`,
          [patientId],
        )
      )[0]?.step,
    ).toBe(0);

    await startWorker();
    await waitUntil(
      async () =>
        ((
          await sql<{ step: number }>(
            `SELECT escalation_step AS step FROM alert WHERE patient_id = $1 AND kind = 'deterioration'`,
            [patientId],
          )
        )[0]?.step ?? 0) >= 1,
      'escalated when the worker returned',
      30000,
    );
  }, 150_000);
});
