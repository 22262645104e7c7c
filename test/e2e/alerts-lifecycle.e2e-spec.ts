import { Queue } from 'bullmq';
import request from 'supertest';
import { JobName, QueueName } from '../../src/queue/queue.constants';
import type { AlertView } from '../../src/contracts/alert.view';
import {
  admissionBundle,
  minutesAgo,
  observationBundle,
  shortLadderWards,
  staffToken,
} from '../support/clinical';
import { waitUntil } from '../support/private-redis';
import { jobsIn } from '../support/queue-inspector';
import type { TestBeacon } from '../support/test-app';
import { patientIdOf, startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const WARD = 'maternity-a';
/** MEWS (placeholder bands): heart rate 120 scores 1 and respiratory rate 24 scores 1, a total of 2: escalate. */
const AT_THRESHOLD = {
  heartRate: 120,
  respiratoryRate: 24,
  temperature: 36.8,
  oxygenSaturation: 98,
  systolicBP: 118,
  diastolicBP: 76,
  consciousness: 'A' as const,
};
const NORMAL = {
  heartRate: 84,
  respiratoryRate: 16,
  temperature: 36.8,
  oxygenSaturation: 98,
  systolicBP: 118,
  diastolicBP: 76,
  consciousness: 'A' as const,
};

describe('escalation life cycle (real PostgreSQL, Redis and worker)', () => {
  let beacon: TestBeacon;
  let epr: string;
  let midwife: string;
  let coordinator: string;

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon(
      { BEACON_ROLE: 'all', BEACON_WARD_CONFIG: shortLadderWards(3), BEACON_TIMER_SWEEP_MS: '1000' },
      { clients: [client.registration()] },
    );
    epr = await client.token(beacon.url);
    midwife = await staffToken('midwife', [WARD], 'Midwife Ada');
    coordinator = await staffToken('coordinator');
  });

  afterAll(async () => {
    await beacon?.close();
  });

  const post = (body: unknown) =>
    request(beacon.url)
      .post('/fhir')
      .set('Authorization', `Bearer ${epr}`)
      .type('application/fhir+json')
      .send(JSON.stringify(body));
  const api = (token: string) => ({
    get: (path: string) => request(beacon.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: unknown = {}) =>
      request(beacon.url)
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .send(body as object),
  });
  async function alertsOf(patientId: string): Promise<AlertView[]> {
    const response = await api(coordinator).get(`/api/wards/${WARD}/alerts`);
    expect(response.status).toBe(200);
    const patient = await patientIdOf(beacon, patientId);
    return (response.body as AlertView[]).filter((alert) => alert.patient?.id === patient);
  }
  async function waitForAlert(
    patientId: string,
    predicate: (alert: AlertView) => boolean,
    what: string,
  ): Promise<AlertView> {
    let found: AlertView | undefined;
    await waitUntil(
      async () => {
        found = (await alertsOf(patientId)).find(predicate);
        return found !== undefined;
      },
      what,
      20000,
    );
    return found as AlertView;
  }

  it('raises a deterioration alert at the threshold, with the right level, and a timeline of received → scored → raised', async () => {
    expect((await post(admissionBundle('lc-threshold', WARD, AT_THRESHOLD, minutesAgo(2)))).status).toBe(200);
    const alert = await waitForAlert(
      'lc-threshold',
      (candidate) => candidate.kind === 'deterioration',
      'deterioration alert',
    );
    expect(alert).toMatchObject({
      state: 'raised',
      level: 'urgent-review',
      clinicalRisk: 'medium',
      total: 2,
      chart: { id: 'mews', verification: 'unverified' },
      patient: { initials: 'TL', bed: 'Bed 1' },
      escalation: { step: 0, withRole: 'Midwife in charge' },
    });

    const timeline = await api(coordinator).get(`/api/alerts/${alert.id}/timeline`);
    expect(timeline.status).toBe(200);
    const types = (timeline.body.steps as { type: string }[]).map((step) => step.type);
    const order = ['observation.taken', 'observation.received', 'set.scored', 'alert.raised'].map((type) =>
      types.indexOf(type),
    );
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(timeline.body.chainIntact).toBe(true);
    expect(timeline.body.sets[0]).toMatchObject({ chart: { id: 'mews' }, total: 2 });
  });

  it('stops re-escalating once a midwife acknowledges it through the API', async () => {
    const [alert] = await alertsOf('lc-threshold');
    const acknowledged = await api(midwife).post(`/api/alerts/${alert?.id}/acknowledge`, {
      device: 'handheld-3',
    });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({
      state: 'acknowledged',
      acknowledged: { by: 'Midwife Ada', device: 'handheld-3' },
      escalation: { step: 0, nextAt: null },
    });
    // The timer set when it was raised still fires, and does nothing.
    const timers = () =>
      jobsIn(
        beacon.config.env.BEACON_REDIS_URL,
        beacon.config.env.BEACON_QUEUE_PREFIX,
        QueueName.Timers,
        JobName.EscalateAlert,
      );
    await waitUntil(
      async () => (await timers()).some((job) => job.data.alertId === alert?.id && job.state === 'completed'),
      'escalation timer ran',
      20000,
    );
    expect((await timers()).find((job) => job.data.alertId === alert?.id)?.returnValue).toEqual({
      outcome: 'no-longer-needed',
    });
    expect((await alertsOf('lc-threshold'))[0]?.escalation.step).toBe(0);
  });

  it('escalates an unacknowledged alert to the next step of the ward ladder after its timeout, and audits it', async () => {
    expect(
      (await post(admissionBundle('lc-ignored', WARD, AT_THRESHOLD, minutesAgo(2), 'Bed 2'))).status,
    ).toBe(200);
    const escalated = await waitForAlert(
      'lc-ignored',
      (alert) => alert.escalation.step === 1,
      'escalated to step 1',
    );
    expect(escalated).toMatchObject({
      state: 'raised',
      escalation: { step: 1, withRole: 'Registrar on call' },
    });
    const events = await beacon.database.query<{ details: { to: string; reason: string } }>(
      `SELECT details FROM audit_event WHERE alert_id = $1 AND type = 'alert.escalated'`,
      [escalated.id],
    );
    expect(events[0]?.details).toMatchObject({ to: 'Registrar on call', reason: 'timeout' });
  });

  it('raises a concern alert for a worry recorded while every vital sign is normal', async () => {
    expect(
      (await post(admissionBundle('lc-worried', WARD, { ...NORMAL, concern: true }, minutesAgo(1), 'Bed 3')))
        .status,
    ).toBe(200);
    const alerts = await waitForAlert('lc-worried', (alert) => alert.kind === 'concern', 'concern alert');
    expect(alerts).toMatchObject({ state: 'raised', level: 'concern', title: 'Worry or concern raised' });
    expect((await alertsOf('lc-worried')).map((alert) => alert.kind)).toEqual(['concern']);
  });

  it('raises an overdue alert when the next set is late', async () => {
    // MEWS routine observations are due every 240 minutes (placeholder); this set is 300 minutes old.
    expect((await post(admissionBundle('lc-late', WARD, NORMAL, minutesAgo(300), 'Bed 4'))).status).toBe(200);
    const overdue = await waitForAlert('lc-late', (alert) => alert.kind === 'overdue', 'overdue alert');
    expect(overdue).toMatchObject({ state: 'raised', title: 'Observations overdue' });
    // The next set answers it.
    expect((await post(observationBundle('lc-late', NORMAL, minutesAgo(0)))).status).toBe(200);
    await waitUntil(async () => (await alertsOf('lc-late')).length === 0, 'overdue alert superseded', 20000);
  });

  it('keeps an overdue alert open (and raises no second one) when a late reading completes the overdue set', async () => {
    const { oxygenSaturation: _late, ...withoutSaturation } = NORMAL;
    const takenAt = minutesAgo(300);
    expect(
      (await post(admissionBundle('lc-late-reading', WARD, withoutSaturation, takenAt, 'Bed 14'))).status,
    ).toBe(200);
    const overdue = await waitForAlert(
      'lc-late-reading',
      (alert) => alert.kind === 'overdue',
      'overdue alert',
    );
    expect((await post(observationBundle('lc-late-reading', { oxygenSaturation: 98 }, takenAt))).status).toBe(
      200,
    );
    const patient = await patientIdOf(beacon, 'lc-late-reading');
    await waitUntil(
      async () =>
        (
          await beacon.database.query(
            `SELECT 1 FROM observation_set WHERE patient_id = $1 AND is_current AND complete`,
            [patient],
          )
        ).length === 1,
      'the overdue set re-scored with the late reading',
      20000,
    );
    const alerts = await beacon.database.query<{ id: string; state: string }>(
      `SELECT id, state FROM alert WHERE patient_id = $1 AND kind = 'overdue'`,
      [patient],
    );
    expect(alerts).toEqual([{ id: overdue.id, state: 'raised' }]);
  });

  it('does not silently close an unacknowledged alert when the next set is normal: it is marked improved and stays', async () => {
    expect(
      (await post(admissionBundle('lc-better', WARD, AT_THRESHOLD, minutesAgo(30), 'Bed 5'))).status,
    ).toBe(200);
    const alert = await waitForAlert('lc-better', (candidate) => candidate.kind === 'deterioration', 'alert');
    expect((await post(observationBundle('lc-better', NORMAL, minutesAgo(5)))).status).toBe(200);
    const improved = await waitForAlert(
      'lc-better',
      (candidate) => candidate.id === alert.id && candidate.improved,
      'marked improved',
    );
    expect(improved.state).toBe('raised');

    // Acknowledged, and then normal again: now it resolves.
    expect((await api(midwife).post(`/api/alerts/${alert.id}/acknowledge`)).status).toBe(200);
    expect((await post(observationBundle('lc-better', NORMAL, minutesAgo(1)))).status).toBe(200);
    await waitUntil(
      async () => !(await alertsOf('lc-better')).some((candidate) => candidate.id === alert.id),
      'resolved',
      20000,
    );
    const types = (
      await beacon.database.query<{ type: string }>(
        `SELECT type FROM audit_event WHERE alert_id = $1 ORDER BY id`,
        [alert.id],
      )
    ).map((row) => row.type);
    expect(types).toEqual(
      expect.arrayContaining(['alert.raised', 'alert.improved', 'alert.acknowledged', 'alert.resolved']),
    );
  });

  it('never opens a second alert of the same kind for one patient: a worse set updates the open one', async () => {
    expect(
      (await post(admissionBundle('lc-worse', WARD, AT_THRESHOLD, minutesAgo(20), 'Bed 6'))).status,
    ).toBe(200);
    const first = await waitForAlert('lc-worse', (candidate) => candidate.kind === 'deterioration', 'alert');
    expect(
      (
        await post(
          observationBundle(
            'lc-worse',
            { ...AT_THRESHOLD, heartRate: 140, respiratoryRate: 30, consciousness: 'V' },
            minutesAgo(2),
          ),
        )
      ).status,
    ).toBe(200);
    const worse = await waitForAlert(
      'lc-worse',
      (candidate) => candidate.id === first.id && candidate.level === 'emergency-review',
      'worsened',
    );
    expect(worse.clinicalRisk).toBe('high');
    expect((await alertsOf('lc-worse')).filter((alert) => alert.kind === 'deterioration')).toHaveLength(1);
  });

  it('applies sets in order of observation time: an older set arriving late does not override a newer one', async () => {
    expect(
      (await post(admissionBundle('lc-late-arrival', WARD, NORMAL, minutesAgo(5), 'Bed 8'))).status,
    ).toBe(200);
    expect((await post(observationBundle('lc-late-arrival', AT_THRESHOLD, minutesAgo(40)))).status).toBe(200);
    const patient = await patientIdOf(beacon, 'lc-late-arrival');
    await waitUntil(
      async () =>
        (await beacon.database.query(`SELECT 1 FROM observation_set WHERE patient_id = $1`, [patient]))
          .length === 2,
      'both sets scored',
    );
    // The late, older set was scored (it is on the chart) but the patient's state is the newer, normal set.
    const late = await beacon.database.query<{ escalate: boolean }>(
      `SELECT escalate FROM observation_set WHERE patient_id = $1 ORDER BY effective_at`,
      [patient],
    );
    expect(late.map((set) => set.escalate)).toEqual([true, false]);
    expect(await alertsOf('lc-late-arrival')).toEqual([]);
  });

  it('turns a job that fails on bad data into a visible processing-failure alarm, not a silent drop', async () => {
    const queue = new Queue(QueueName.Clinical, {
      connection: { url: beacon.config.env.BEACON_REDIS_URL },
      prefix: beacon.config.env.BEACON_QUEUE_PREFIX,
    });
    const missing = '00000000-0000-4000-8000-000000000000';
    await queue.add(JobName.AssessPatient, { patientId: missing, reason: 'test' }, { attempts: 3 });
    await queue.close();
    let alarm: AlertView | undefined;
    await waitUntil(
      async () => {
        const response = await api(coordinator).get('/api/wards/unassigned/alerts');
        alarm = (response.body as AlertView[]).find((alert) => alert.kind === 'processing-failure');
        return alarm !== undefined;
      },
      'processing-failure alert',
      20000,
    );
    expect(alarm).toMatchObject({ state: 'raised', wardId: null, title: 'Processing failure' });
    const [event] = await beacon.database.query<{ details: { job: string; error: string } }>(
      `SELECT details FROM audit_event WHERE type = 'processing.failed'`,
    );
    expect(event?.details).toMatchObject({
      job: 'assess-patient',
      error: `patient ${missing} does not exist`,
    });
    expect((await api(midwife).get('/api/wards/unassigned/alerts')).status).toBe(403);
  });

  it('retracts an alert whose observations were entered in error', async () => {
    expect((await post(admissionBundle('lc-error', WARD, {}, minutesAgo(3), 'Bed 7'))).status).toBe(200);
    const heartRate = (status: string) => ({
      resourceType: 'Observation',
      id: 'lc-error-hr',
      status,
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: 'Patient/lc-error' },
      effectiveDateTime: minutesAgo(3),
      valueQuantity: { value: 150, system: 'http://unitsofmeasure.org', code: '/min' },
    });
    const postObservation = (body: unknown) =>
      request(beacon.url)
        .post('/fhir/Observation')
        .set('Authorization', `Bearer ${epr}`)
        .type('application/fhir+json')
        .send(JSON.stringify(body));
    expect((await postObservation(heartRate('final'))).status).toBe(201);
    const alert = await waitForAlert('lc-error', (candidate) => candidate.kind === 'deterioration', 'alert');

    expect((await postObservation(heartRate('entered-in-error'))).status).toBe(201);
    await waitUntil(
      async () => !(await alertsOf('lc-error')).some((candidate) => candidate.id === alert.id),
      'alert retracted',
      20000,
    );
    const [row] = await beacon.database.query<{ state: string; closed_reason: string }>(
      'SELECT state, closed_reason FROM alert WHERE id = $1',
      [alert.id],
    );
    expect(row).toEqual({
      state: 'retracted',
      closed_reason: 'the observations that raised it were entered in error',
    });
  });

  it('authorises by role and ward: a display cannot acknowledge, a midwife of another ward cannot, an EPR token cannot use the API', async () => {
    const [alert] = await alertsOf('lc-ignored');
    const display = await staffToken('ward-display', [WARD]);
    const elsewhere = await staffToken('midwife', ['transitional-care']);
    expect((await api(display).post(`/api/alerts/${alert?.id}/acknowledge`)).status).toBe(403);
    expect((await api(elsewhere).post(`/api/alerts/${alert?.id}/acknowledge`)).status).toBe(403);
    expect((await api(elsewhere).get(`/api/wards/${WARD}/alerts`)).status).toBe(403);
    expect((await api(epr).get(`/api/wards/${WARD}/alerts`)).status).toBe(403);
    expect((await request(beacon.url).get(`/api/wards/${WARD}/alerts`)).status).toBe(401);
    expect((await api(midwife).get(`/api/alerts/${alert?.id}/timeline`)).status).toBe(403);
    expect((await api(display).get(`/api/wards/${WARD}/alerts`)).status).toBe(200);
  });

  it('refuses a "not required" response without a reason, naming the field, and changes nothing', async () => {
    const [alert] = await alertsOf('lc-ignored');
    expect((await api(midwife).post(`/api/alerts/${alert?.id}/acknowledge`)).status).toBe(200);
    const refused = await api(midwife).post(`/api/alerts/${alert?.id}/respond`, { response: 'not-required' });
    expect(refused.status).toBe(400);
    expect(refused.body.issue[0].expression).toEqual(['body.reason']);
    const accepted = await api(midwife).post(`/api/alerts/${alert?.id}/respond`, {
      response: 'not-required',
      reason: 'measurement-error',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      state: 'resolved',
      responded: { response: 'not-required', reason: 'measurement-error' },
    });
  });
});
