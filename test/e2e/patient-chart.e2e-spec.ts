import request from 'supertest';
import type { PatientChart } from '../../src/alerts/patient-chart.view';
import type { NumericParameter } from '../../src/scoring';
import { CHARTS } from '../support/charts';
import {
  admissionBundle,
  minutesAgo,
  observationBundle,
  staffToken,
  NORMAL_VITALS,
} from '../support/clinical';
import type { Vitals } from '../support/clinical';
import { waitUntil } from '../support/private-redis';
import type { TestBeacon } from '../support/test-app';
import { patientIdOf, postBundle, startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const WARD = 'maternity-a';
const NORMAL: Vitals = NORMAL_VITALS;
const { heartRate: _omitted, ...WITHOUT_HEART_RATE } = NORMAL;
/** MEWS (placeholder bands): heart rate 120 and respiratory rate 24 score 1 each, a total of 2: escalate. */
const DETERIORATING: Vitals = { ...NORMAL, heartRate: 120, respiratoryRate: 24 };

const mews = CHARTS.mews;
const heartRate = mews.parameters.find((parameter) => parameter.id === 'heartRate') as NumericParameter;
const scoreOf = (value: number) =>
  heartRate.variants[0]?.bands.find((band) => value >= band.from && value <= band.to)?.score;

describe('GET /api/patients/:id/chart (real PostgreSQL, Redis and worker)', () => {
  let beacon: TestBeacon;
  let patientId: string;
  let alertId: string;
  let midwife: string;

  const get = (path: string, token?: string) => {
    const call = request(beacon.url).get(path);
    return token ? call.set('Authorization', `Bearer ${token}`) : call;
  };

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'all' }, { clients: [client.registration()] });
    const epr = await client.token(beacon.url);
    midwife = await staffToken('midwife', [WARD], 'Midwife Ada');
    const send = async (bundle: unknown) => expect((await postBundle(beacon, epr, bundle)).status).toBe(200);
    await send(admissionBundle('pc-1', WARD, NORMAL, minutesAgo(90), 'Bed 4'));
    await send(observationBundle('pc-1', WITHOUT_HEART_RATE, minutesAgo(60)));
    await send(observationBundle('pc-1', DETERIORATING, minutesAgo(30)));
    patientId = (await patientIdOf(beacon, 'pc-1')) as string;
    await waitUntil(
      async () =>
        (
          await beacon.database.query(`SELECT id FROM observation_set WHERE patient_id = $1 AND is_current`, [
            patientId,
          ])
        ).length === 3 &&
        (await beacon.database.query(`SELECT id FROM alert WHERE patient_id = $1`, [patientId])).length > 0,
      'three scored sets and an alert',
      20000,
    );
    const [alert] = await beacon.database.query<{ id: string }>(
      `SELECT id FROM alert WHERE patient_id = $1 AND kind = 'deterioration'`,
      [patientId],
    );
    alertId = alert?.id as string;
    const acknowledged = await request(beacon.url)
      .post(`/api/alerts/${alertId}/acknowledge`)
      .set('Authorization', `Bearer ${midwife}`)
      .send({});
    expect(acknowledged.status).toBe(200);
  });

  afterAll(async () => {
    await beacon?.close();
  });

  it('returns the sets in time order with each reading and score, the gap, and the chart definition', async () => {
    const response = await get(`/api/patients/${patientId}/chart`, midwife);
    expect(response.status).toBe(200);
    const chart = response.body as PatientChart;
    expect(chart.patient).toMatchObject({ id: patientId, bed: 'Bed 4', wardId: WARD, initials: 'TP' });

    expect(chart.sets.map((set) => set.values.heartRate ?? null)).toEqual([
      { value: 84, score: scoreOf(84) },
      null,
      { value: 120, score: scoreOf(120) },
    ]);
    expect(chart.sets[1]?.missing).toContain('heartRate');
    expect(chart.sets.map((set) => set.total)).toEqual([0, 0, 2]);
    expect(chart.sets.every((set) => set.chart.id === 'mews' && set.chart.version === mews.version)).toBe(
      true,
    );

    const [definition] = chart.charts;
    expect(chart.charts).toHaveLength(1);
    expect(definition).toMatchObject({ id: 'mews', version: mews.version, verification: 'unverified' });
    const drawn = definition?.parameters.find((parameter) => parameter.id === 'heartRate');
    expect(drawn?.kind === 'number' && drawn.bands).toEqual(
      heartRate.variants[0]?.bands.map((band) => ({ ...band, colour: mews.scoreColours[band.score] })),
    );
    expect(definition?.riskLevels.map((level) => level.colour)).toEqual(
      mews.riskLevels.map((level) => level.colour),
    );
  });

  it('marks when the alert was raised and acknowledged, and by whom', async () => {
    const chart = (await get(`/api/patients/${patientId}/chart`, midwife)).body as PatientChart;
    const ours = chart.markers.filter((marker) => marker.alertId === alertId);
    expect(ours.map((marker) => marker.event)).toEqual(['raised', 'acknowledged']);
    expect(ours[1]).toMatchObject({ kind: 'deterioration', by: 'Midwife Ada' });
    const [audited] = await beacon.database.query<{ occurred_at: Date }>(
      `SELECT occurred_at FROM audit_event WHERE alert_id = $1 AND type = 'alert.raised'`,
      [alertId],
    );
    expect(ours[0]?.at).toBe(audited?.occurred_at.toISOString());
  });

  it('follows the ward rules: other wards, displays, auditors, EPR clients', async () => {
    const path = `/api/patients/${patientId}/chart`;
    expect((await get(path, await staffToken('midwife', ['transitional-care']))).status).toBe(403);
    expect((await get(path, await staffToken('ward-display', ['transitional-care']))).status).toBe(403);
    expect((await get(path, await staffToken('ward-display', [WARD]))).status).toBe(200);
    expect((await get(path, await staffToken('auditor'))).status).toBe(200);
    expect((await get(path, await staffToken('coordinator'))).status).toBe(200);
    expect((await get(path)).status).toBe(401);
  });

  it('answers 404 for an unknown patient and 400 (OperationOutcome) for a malformed id', async () => {
    const unknown = await get('/api/patients/00000000-0000-4000-8000-000000000000/chart', midwife);
    expect(unknown.status).toBe(404);
    const malformed = await get('/api/patients/not-a-patient/chart', midwife);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ resourceType: 'OperationOutcome' });
    expect(JSON.stringify(malformed.body)).toContain('path.id');
  });
});
