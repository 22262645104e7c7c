import { Redis } from 'ioredis';
import request from 'supertest';
import {
  admissionBundle,
  minutesAgo,
  observationBundle,
  staffToken,
  NORMAL_VITALS,
} from '../support/clinical';
import type { Vitals } from '../support/clinical';
import { PrivateRedis, waitUntil } from '../support/private-redis';
import { Screen } from '../support/screens';
import type { TestBeacon } from '../support/test-app';
import { patientIdOf, postBundle, startTestBeacon } from '../support/test-app';
import { createTestDatabase, dropDatabase, queuePrefix } from '../support/test-database';
import { TestEpr } from '../support/test-epr';

const WARD = 'maternity-a';
const PATIENTS = 40;
const METRICS_TOKEN = 'metrics-token-0123456789';
const NORMAL: Vitals = NORMAL_VITALS;
/** MEWS placeholder bands: heart rate 120 and respiratory rate 24 score 1 each, a total of 2: escalates. */
const DETERIORATING: Vitals = { ...NORMAL, heartRate: 120, respiratoryRate: 24 };

/**
 * Scoring lag is never hidden, and nothing accepted stays unscored when Redis loses its queued jobs: an api process
 * with no worker accepts sets (they wait), the screens and /health/ready and /metrics say how far behind scoring is,
 * Redis then loses every queued job (FLUSHALL: Redis here keeps nothing on disk), and a worker started afterwards
 * finds the waiting readings in PostgreSQL and scores every set exactly once.
 */
describe('scoring lag and lost queue jobs (private Redis, api and worker on one database)', () => {
  let redis: PrivateRedis;
  let database: { name: string; url: string };
  let api: TestBeacon;
  let worker: TestBeacon | undefined;
  let epr: string;
  let display: Screen;
  const env = () => ({
    BEACON_REDIS_URL: redis.url,
    BEACON_QUEUE_PREFIX: prefix,
    BEACON_SCORING_LAG_WARNING_SECONDS: '1',
    BEACON_SCREEN_HEARTBEAT_SECONDS: '1',
    BEACON_SCORING_SWEEP_MS: '200',
    BEACON_METRICS_TOKEN: METRICS_TOKEN,
  });
  let prefix: string;
  const setsScored = async () =>
    (
      await api.database.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM observation_set WHERE is_current',
      )
    )[0]?.n ?? 0;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    database = await createTestDatabase();
    prefix = queuePrefix();
    const client = await TestEpr.create();
    api = await startTestBeacon(
      { ...env(), BEACON_ROLE: 'api' },
      { clients: [client.registration()], database },
    );
    epr = await client.token(api.url);
    display = await Screen.connect(api.url, { token: await staffToken('ward-display', [WARD]) });
    await display.must('ward:join', { wardId: WARD });
    for (let first = 0; first < PATIENTS; first += 10) {
      const batch = Array.from({ length: 10 }, (_, index) => first + index);
      const statuses = await Promise.all(
        batch.map(
          async (patient) =>
            (
              await postBundle(
                api,
                epr,
                admissionBundle(`lag-${patient}`, WARD, NORMAL, minutesAgo(20), `Bed ${patient + 1}`),
              )
            ).status,
        ),
      );
      expect(statuses).toEqual(batch.map(() => 200));
    }
    const deteriorating = await postBundle(
      api,
      epr,
      observationBundle('lag-0', DETERIORATING, minutesAgo(1)),
    );
    expect(deteriorating.status).toBe(200);
  });

  afterAll(async () => {
    display?.close();
    await worker?.close();
    await api?.close();
    await redis?.stop();
    await dropDatabase(database.name);
  });

  it('tells the ward display how far behind scoring is', async () => {
    const beat = await display.waitFor('ward:heartbeat', (event) => (event.scoringBehindSeconds ?? 0) >= 1);
    expect(beat.wardId).toBe(WARD);
    expect(await setsScored()).toBe(0);
  });

  it('shows every bed with readings waiting as received and not scored yet, never as "no observations"', async () => {
    const snapshot = await display.must('ward:join', { wardId: WARD });
    expect(snapshot.beds).toHaveLength(PATIENTS);
    for (const tile of snapshot.beds) {
      expect(tile.latest).toBeNull();
      // Her admission set was taken 20 minutes ago and waits for a worker.
      const waiting = Date.now() - Date.parse(tile.unscoredSince ?? '');
      expect(waiting).toBeGreaterThan(19 * 60_000);
      expect(waiting).toBeLessThan(30 * 60_000);
    }
  });

  it('reports scoring lag and queue depth on /health/ready and /metrics', async () => {
    // The lag is measured at most once a second: wait for a reading taken after the last admission committed.
    let ready: request.Response | undefined;
    await waitUntil(async () => {
      ready = await request(api.url).get('/health/ready');
      return ready.body?.info?.scoring?.unscoredReadings === PATIENTS * 7 + 7;
    }, 'the lag of every admitted set');
    expect(ready?.status).toBe(200);
    expect(ready?.body.info.scoring.lagSeconds).toBeGreaterThanOrEqual(1);
    expect(ready?.body.info.scoring.queue.waiting).toBe(PATIENTS + 1);

    expect((await request(api.url).get('/metrics')).status).toBe(401);
    expect(
      (await request(api.url).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status,
    ).toBe(401);
    const metrics = await request(api.url).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain(`beacon_unscored_readings{ward="${WARD}"} ${PATIENTS * 7 + 7}`);
    expect(metrics.text).toContain(`beacon_queue_jobs{queue="clinical",state="waiting"} ${PATIENTS + 1}`);
    expect(metrics.text).toContain('beacon_socket_clients{role="ward-display"} 1');
    expect(metrics.text).toMatch(/beacon_database_pool_connections\{state="waiting"\} \d+/);
    expect(metrics.text).toContain('beacon_process_nodejs_eventloop_lag_seconds');
    expect(metrics.text).toContain('# TYPE beacon_set_to_screen_seconds histogram');
    expect(metrics.text).toContain('# TYPE beacon_intake_overloaded_total counter');
  });

  it('scores every set exactly once after Redis lost every queued job, and raises the alert that was due', async () => {
    const flusher = new Redis(redis.url);
    await flusher.flushall();
    await flusher.quit();
    // More sets arrive while the worker starts: it has a backlog with no jobs and live sets with jobs.
    worker = await startTestBeacon({ ...env(), BEACON_ROLE: 'all' }, { database });
    for (let patient = 1; patient < 11; patient += 1)
      expect(
        (await postBundle(api, epr, observationBundle(`lag-${patient}`, NORMAL, minutesAgo(0)))).status,
      ).toBe(200);
    const expected = PATIENTS + 1 + 10;
    await waitUntil(async () => (await setsScored()) === expected, `${expected} sets scored`, 90000);
    const waiting = await api.database.query('SELECT 1 FROM reading WHERE assessment_pending');
    expect(waiting).toEqual([]);
    const scoredTwice = await api.database.query('SELECT id FROM observation_set WHERE times_scored <> 1');
    expect(scoredTwice).toEqual([]);
    const patientId = await patientIdOf(api, 'lag-0');
    const alerts = await api.database.query<{ kind: string }>(
      `SELECT kind FROM alert WHERE patient_id = $1 AND state IN ('raised', 'acknowledged', 'attending')`,
      [patientId],
    );
    expect(alerts).toEqual([{ kind: 'deterioration' }]);
  }, 150_000);

  it('stops telling the display it is behind once scoring has caught up', async () => {
    const caughtUp = display.received.length;
    await waitUntil(
      () =>
        Promise.resolve(
          display.received
            .slice(caughtUp)
            .some(
              (entry) =>
                entry.event === 'ward:heartbeat' &&
                (entry.payload as { scoringBehindSeconds?: number }).scoringBehindSeconds === undefined,
            ),
        ),
      'a heartbeat without lag',
      15000,
    );
    const snapshot = await display.must('ward:join', { wardId: WARD });
    expect(snapshot.beds.map((tile) => [tile.latest === null, tile.unscoredSince])).toEqual(
      snapshot.beds.map(() => [false, null]),
    );
  });
});

describe('admission control (real PostgreSQL and Redis, api with no worker)', () => {
  let beacon: TestBeacon;
  let epr: string;

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon(
      { BEACON_ROLE: 'api', BEACON_INTAKE_MAX_QUEUED_JOBS: '5', BEACON_METRICS_TOKEN: METRICS_TOKEN },
      { clients: [client.registration()] },
    );
    epr = await client.token(beacon.url);
  });

  afterAll(async () => {
    await beacon?.close();
  });

  it('answers 503 overloaded with Retry-After, before storing anything, while the assessment queue is full', async () => {
    for (let patient = 0; patient < 5; patient += 1)
      expect(
        (
          await postBundle(
            beacon,
            epr,
            admissionBundle(`full-${patient}`, WARD, NORMAL, minutesAgo(5), 'Bed 1'),
          )
        ).status,
      ).toBe(200);
    const stored = async () =>
      (await beacon.database.query<{ n: number }>('SELECT count(*)::int AS n FROM fhir_resource'))[0]?.n;
    let refused: request.Response | undefined;
    await waitUntil(async () => {
      const before = await stored();
      const response = await postBundle(beacon, epr, observationBundle('full-0', NORMAL, minutesAgo(0)));
      if (response.status !== 503) return false;
      refused = response;
      expect(await stored()).toBe(before);
      return true;
    }, 'a 503 once five jobs are queued');
    expect(refused?.headers['retry-after']).toBe('2');
    expect(refused?.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'throttled' }],
    });
    expect(JSON.stringify(refused?.body)).toContain('Beacon is overloaded');
    // Refused at the door: the body is never read, so even one that is not JSON gets the 503, not a 400.
    const unread = await request(beacon.url)
      .post('/fhir')
      .set('Authorization', `Bearer ${epr}`)
      .type('application/fhir+json')
      .send('{"resourceType": "Bundle", "entry": [');
    expect({ status: unread.status, retryAfter: unread.headers['retry-after'] }).toEqual({
      status: 503,
      retryAfter: '2',
    });
    expect(unread.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'throttled' }] });
    const metrics = await request(beacon.url).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(metrics.text).toMatch(/beacon_intake_overloaded_total\{reason="assessment-queue"\} [1-9]/);
  });
});
