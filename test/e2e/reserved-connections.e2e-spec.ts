import request from 'supertest';
import type { AlertView } from '../../src/contracts/alert.view';
import {
  NORMAL_VITALS,
  admissionBundle,
  minutesAgo,
  observationBundle,
  staffToken,
} from '../support/clinical';
import { waitUntil } from '../support/private-redis';
import type { TestBeacon } from '../support/test-app';
import { postBundle, startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const WARD = 'maternity-a';
const NORMAL = NORMAL_VITALS;
/** MEWS (placeholder bands): heart rate 120 and respiratory rate 24 score 1 each, a total of 2: escalates. */
const DETERIORATING = { ...NORMAL, heartRate: 120, respiratoryRate: 24 };
const FLOOD = 800;

/**
 * A flood of observation sets never makes a midwife's acknowledgement wait behind it: EPR intake runs in at most
 * pool size − BEACON_DATABASE_RESERVED_CONNECTIONS connections, and everything else (here the acknowledgement) finds
 * one of the rest. Before, 400 intake requests queued for the pool's connections and the acknowledgement joined the
 * end of that queue.
 */
describe('connections reserved from EPR intake (real PostgreSQL, Redis and worker)', () => {
  let beacon: TestBeacon;
  let epr: string;

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon(
      {
        BEACON_ROLE: 'all',
        BEACON_DATABASE_POOL_SIZE: '4',
        BEACON_DATABASE_RESERVED_CONNECTIONS: '2',
        BEACON_INTAKE_MAX_POOL_WAITERS: '100000',
        // The flood waits its turn here: what is tested is the reservation, not the bound on waiting for a connection
        // (nor admission's refusal at the door, from half this bound).
        BEACON_INTAKE_MAX_WAIT_MS: '600000',
        BEACON_RATE_LIMIT_PER_MINUTE: '1000000',
      },
      { clients: [client.registration()] },
    );
    epr = await client.token(beacon.url);
  });

  afterAll(async () => {
    await beacon?.close();
  });

  it('answers an acknowledgement while hundreds of observation sets still wait for intake', async () => {
    const midwife = await staffToken('midwife', [WARD], 'Midwife Ada');
    expect(
      (await postBundle(beacon, epr, admissionBundle('rc-1', WARD, DETERIORATING, minutesAgo(3)))).status,
    ).toBe(200);
    let alert: AlertView | undefined;
    await waitUntil(
      async () => {
        const open = await request(beacon.url)
          .get(`/api/wards/${WARD}/alerts`)
          .set('Authorization', `Bearer ${midwife}`);
        alert = (open.body as AlertView[]).find((candidate) => candidate.kind === 'deterioration');
        return alert !== undefined;
      },
      'the deterioration alert',
      20000,
    );

    let answered = 0;
    const flood = Array.from({ length: FLOOD }, (_, index) =>
      postBundle(
        beacon,
        epr,
        observationBundle('rc-1', NORMAL, new Date(Date.now() - index * 1000).toISOString()),
      ).then((response) => {
        answered += 1;
        return response.status;
      }),
    );
    await waitUntil(() => Promise.resolve(answered >= 5), 'intake under way', 20000);
    const acknowledged = await request(beacon.url)
      .post(`/api/alerts/${alert?.id}/acknowledge`)
      .set('Authorization', `Bearer ${midwife}`)
      .send({ device: 'handheld-1' });
    const answeredBeforeTheAcknowledgement = answered;

    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ id: alert?.id, state: 'acknowledged' });
    expect(answeredBeforeTheAcknowledgement).toBeLessThan(FLOOD / 2);
    // The flood itself is accepted in full: nothing refused, nothing lost.
    expect(await Promise.all(flood)).toEqual(Array.from({ length: FLOOD }, () => 200));
    const [stored] = await beacon.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM fhir_resource WHERE resource_type = 'Observation'`,
    );
    expect(stored?.n).toBeGreaterThanOrEqual(FLOOD * 6);
  });
});
