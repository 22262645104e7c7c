import { QueueName, JobName } from '../../src/queue/queue.constants';
import { admissionBundle, minutesAgo, observationBundle, NORMAL_VITALS } from '../support/clinical';
import type { Vitals } from '../support/clinical';
import { waitUntil } from '../support/private-redis';
import { jobsIn } from '../support/queue-inspector';
import type { TestBeacon } from '../support/test-app';
import { postBundle, startTestBeacon } from '../support/test-app';
import { createTestDatabase, dropDatabase, queuePrefix } from '../support/test-database';
import { TestEpr } from '../support/test-epr';

const WARD = 'maternity-a';
const PATIENTS = 30;
const BACKLOG_PER_PATIENT = 40;
const NORMAL: Vitals = NORMAL_VITALS;

/**
 * An EPR reconnecting after an outage re-sends hours of sets while live sets keep coming: the live sets' scoring is
 * queued ahead of the backlog (BullMQ runs unprioritised jobs before prioritised ones), and every set is still scored.
 * An api process with no worker accepts everything first, so the queue can be read before anything runs.
 */
describe('a backlog of old sets waits behind live sets (real PostgreSQL and Redis)', () => {
  let database: { name: string; url: string };
  let api: TestBeacon;
  let worker: TestBeacon | undefined;
  let epr: string;
  const prefix = queuePrefix();
  const env = () => ({ BEACON_QUEUE_PREFIX: prefix, BEACON_LIVE_WINDOW_MINUTES: '15' });

  beforeAll(async () => {
    database = await createTestDatabase();
    const client = await TestEpr.create();
    api = await startTestBeacon(
      { ...env(), BEACON_ROLE: 'api' },
      { clients: [client.registration()], database },
    );
    epr = await client.token(api.url);
    for (let patient = 0; patient < PATIENTS; patient += 1) {
      const admitted = await postBundle(
        api,
        epr,
        admissionBundle(`backlog-${patient}`, WARD, NORMAL, minutesAgo(24 * 60), `Bed ${patient + 1}`),
      );
      expect(admitted.status).toBe(200);
    }
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await dropDatabase(database.name);
  });

  it('queues the backlog behind the live sets, then scores all of them', async () => {
    // The backlog: sets from 23 hours ago up to 20 minutes ago, older than the live window.
    for (let n = 0; n < BACKLOG_PER_PATIENT; n += 1) {
      const statuses = await Promise.all(
        Array.from({ length: PATIENTS }, async (_, patient) => {
          const at = minutesAgo(23 * 60 - n * 30);
          return (await postBundle(api, epr, observationBundle(`backlog-${patient}`, NORMAL, at))).status;
        }),
      );
      expect(statuses.every((status) => status === 200)).toBe(true);
    }
    // Live sets, taken now, arrive after the whole backlog.
    for (let patient = 0; patient < PATIENTS; patient += 2) {
      const live = await postBundle(api, epr, observationBundle(`backlog-${patient}`, NORMAL, minutesAgo(0)));
      expect(live.status).toBe(200);
    }

    let jobs: Awaited<ReturnType<typeof jobsIn>> = [];
    await waitUntil(
      async () => {
        jobs = await jobsIn(
          api.config.env.BEACON_REDIS_URL,
          prefix,
          QueueName.Clinical,
          JobName.AssessPatient,
        );
        // One job per admission and per set: everything relayed from the outbox.
        return jobs.length >= PATIENTS * (1 + BACKLOG_PER_PATIENT) + PATIENTS / 2;
      },
      'every job relayed to the queue',
      60_000,
    );
    const backlog = jobs.filter((job) => job.data.backlog === true);
    const live = jobs.filter((job) => job.data.backlog !== true);
    expect(backlog).toHaveLength(PATIENTS * BACKLOG_PER_PATIENT);
    expect(live).toHaveLength(PATIENTS + PATIENTS / 2);
    expect(new Set(backlog.map((job) => job.state))).toEqual(new Set(['prioritized']));
    expect(new Set(live.map((job) => job.state))).toEqual(new Set(['waiting']));

    worker = await startTestBeacon({ ...env(), BEACON_ROLE: 'all' }, { database });
    const scored = async () =>
      (
        await api.database.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM observation_set WHERE is_current AND scored_at IS NOT NULL',
        )
      )[0]?.n ?? 0;
    // Every set, backlog and live, ends up scored exactly once (the admission's set is the first of each).
    const expected = PATIENTS * (1 + BACKLOG_PER_PATIENT) + PATIENTS / 2;
    await waitUntil(async () => (await scored()) >= expected, 'every set scored', 170_000);
    expect(await scored()).toBe(expected);
  }, 240_000);
});
