import type { Vitals } from '../support/clinical';
import { NORMAL_VITALS, admissionBundle, minutesAgo, observationBundle } from '../support/clinical';
import { waitUntil } from '../support/private-redis';
import type { TestBeacon } from '../support/test-app';
import { patientIdOf, postBundle, startTestBeacon } from '../support/test-app';
import { createTestDatabase, dropDatabase, queuePrefix } from '../support/test-database';
import { TestEpr } from '../support/test-epr';

const WARD = 'maternity-a';
/** Heart rate 120 and respiratory rate 24 score 1 each on the MEWS placeholder bands: a total of 2 escalates. */
const ESCALATING: Vitals = { ...NORMAL_VITALS, heartRate: 120, respiratoryRate: 24 };

/**
 * An older set that reaches Beacon after a newer one is history, also when both are assessed in the same job (the
 * worker was busy or down while both arrived): it is scored and charted, and raises nothing. The api accepts both
 * with no worker running, so one assessment is certain to see both.
 */
describe('a late, older set assessed together with a newer one (real PostgreSQL and Redis)', () => {
  let database: { name: string; url: string };
  let api: TestBeacon;
  let worker: TestBeacon | undefined;
  const prefix = queuePrefix();

  beforeAll(async () => {
    database = await createTestDatabase();
    const client = await TestEpr.create();
    api = await startTestBeacon(
      { BEACON_ROLE: 'api', BEACON_QUEUE_PREFIX: prefix },
      { clients: [client.registration()], database },
    );
    const epr = await client.token(api.url);
    expect(
      (await postBundle(api, epr, admissionBundle('late-1', WARD, NORMAL_VITALS, minutesAgo(5), 'Bed 1')))
        .status,
    ).toBe(200);
    expect((await postBundle(api, epr, observationBundle('late-1', ESCALATING, minutesAgo(40)))).status).toBe(
      200,
    );
    worker = await startTestBeacon({ BEACON_ROLE: 'all', BEACON_QUEUE_PREFIX: prefix }, { database });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await dropDatabase(database.name);
  });

  it('scores both sets and raises no alert from the older one', async () => {
    const patientId = (await patientIdOf(api, 'late-1')) as string;
    const sets = async () =>
      api.database.query<{ escalate: boolean; times_scored: number }>(
        `SELECT escalate, times_scored FROM observation_set WHERE patient_id = $1 AND is_current ORDER BY effective_at`,
        [patientId],
      );
    await waitUntil(async () => (await sets()).length === 2, 'both sets scored', 30_000);
    expect((await sets()).map((set) => set.escalate)).toEqual([true, false]);
    const alerts = await api.database.query(`SELECT id FROM alert WHERE patient_id = $1`, [patientId]);
    expect(alerts).toEqual([]);
  });
});
