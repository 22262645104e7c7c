import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { AlertView } from '../../src/contracts/alert.view';
import type { BoardSnapshot } from '../../src/contracts/events';
import { BeaconProcess } from '../support/beacon-process';
import type { Vitals } from '../support/clinical';
import { TEST_TOKEN_SECRET, staffToken } from '../support/clinical';
import { freePort, waitUntil } from '../support/private-redis';
import { inpatientEncounter, transactionBundle } from '../../src/simulator/fhir-bundles';
import { Screen } from '../support/screens';
import type { TestBeacon } from '../support/test-app';
import { admitPatient, postBundle, startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';
import { signStaffToken } from '../../src/auth/staff-token';

const WARD_A = 'maternity-a';
const WARD_B = 'transitional-care';
/** MEWS (placeholder bands): heart rate 120 and respiratory rate 24 score 1 each, a total of 2: escalate. */
const DETERIORATING = {
  heartRate: 120,
  respiratoryRate: 24,
  temperature: 36.8,
  oxygenSaturation: 98,
  systolicBP: 118,
  diastolicBP: 76,
  consciousness: 'A' as const,
};
const NORMAL = { ...DETERIORATING, heartRate: 84, respiratoryRate: 16 };
/** A baby whose parents are worried: a concern escalates by itself whatever the score. */
const WORRIED_BABY = { heartRate: 140, respiratoryRate: 45, temperature: 36.8, concern: true };

describe('ward gateway: socket.io /ward (real PostgreSQL, Redis, worker and socket.io-client)', () => {
  let beacon: TestBeacon;
  let epr: string;
  const screens: Screen[] = [];

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'all' }, { clients: [client.registration()] });
    epr = await client.token(beacon.url);
  });

  afterEach(() => {
    for (const screen of screens.splice(0)) screen.close();
  });

  afterAll(async () => {
    await beacon?.close();
  });

  async function open(url: string, token: string, screen?: string): Promise<Screen> {
    const connected = await Screen.connect(url, { token, ...(screen ? { screen } : {}) });
    screens.push(connected);
    return connected;
  }

  const admit = (sourceId: string, ward: string, vitals: Vitals, bed = 'Bed 1') =>
    admitPatient(beacon, epr, { sourceId, ward, vitals, bed });
  /** The EPR moves the patient admitted as `sourceId` (her stay enc-<sourceId>) to another ward and bed. */
  const transfer = (sourceId: string, wardId: string, bed: string) =>
    postBundle(
      beacon,
      epr,
      transactionBundle([inpatientEncounter({ id: `enc-${sourceId}`, patientId: sourceId, wardId, bed })]),
    );

  const raisedFor = (patientId: string) => (event: { alert: AlertView }) =>
    event.alert.patient?.id === patientId;

  it('refuses a connection without a token, with a bad token, with an expired token or with an EPR system token', async () => {
    await expect(Screen.connect(beacon.url, {}, { reconnection: false })).rejects.toThrow(/auth\.token/);
    await expect(Screen.connect(beacon.url, { token: 'not-a-jwt' }, { reconnection: false })).rejects.toThrow(
      /malformed/,
    );
    const expired = await signStaffToken(
      new TextEncoder().encode(TEST_TOKEN_SECRET),
      { userId: 'midwife-expired', name: 'Expired', role: 'midwife', wards: [WARD_A] },
      -60,
    );
    await expect(Screen.connect(beacon.url, { token: expired }, { reconnection: false })).rejects.toThrow(
      /exp/,
    );
    await expect(Screen.connect(beacon.url, { token: epr }, { reconnection: false })).rejects.toThrow(
      /staff token/,
    );
  });

  it('sends a snapshot on ward:join, refuses wards the token does not cover, and names a bad field', async () => {
    const display = await open(beacon.url, await staffToken('ward-display', [WARD_A]));
    const snapshot = await display.must('ward:join', { wardId: WARD_A });
    expect(snapshot).toMatchObject({ wardId: WARD_A, clinicalMode: 'demo', heartbeatSeconds: 5 });
    expect(snapshot.charts.map((chart) => chart.id).sort()).toEqual(['mews', 'news2', 'newtt2']);
    expect(snapshot.charts.find((chart) => chart.id === 'mews')?.verification).toBe('unverified');
    await display.waitFor('board:snapshot', (event) => event.wardId === WARD_A);

    expect(await display.command('ward:join', { wardId: WARD_B })).toMatchObject({ status: 403 });
    const coordinator = await open(beacon.url, await staffToken('coordinator'));
    expect(await coordinator.command('ward:join', { wardId: 'no-such-ward' })).toMatchObject({
      status: 404,
      error: expect.stringMatching(/wardId/) as unknown,
    });
    const bad = await display.command('ward:join', { ward: WARD_A } as never);
    expect(bad).toMatchObject({ status: 400, error: expect.stringMatching(/ward:join\.wardId/) as unknown });
    const auditor = await open(beacon.url, await staffToken('auditor'));
    expect(await auditor.command('ward:join', { wardId: WARD_A })).toMatchObject({ status: 403 });
  });

  it('never sends ward B’s events to a display of ward A', async () => {
    const displayA = await open(beacon.url, await staffToken('ward-display', [WARD_A]));
    const displayB = await open(beacon.url, await staffToken('ward-display', [WARD_B]));
    await displayA.must('ward:join', { wardId: WARD_A });
    await displayB.must('ward:join', { wardId: WARD_B });

    const baby = await admit('gw-baby-b', WARD_B, WORRIED_BABY, 'Cot 3');
    const woman = await admit('gw-woman-a', WARD_A, DETERIORATING, 'Bed 7');
    await displayB.waitFor('alert:raised', raisedFor(baby));
    await displayA.waitFor('alert:raised', raisedFor(woman));
    await displayA.waitFor('score:updated', (event) => event.tile.patientId === woman);

    const seenByA = displayA.received.flatMap(({ payload }) =>
      typeof payload === 'object' && payload !== null && 'wardId' in payload
        ? [(payload as { wardId: string }).wardId]
        : [],
    );
    expect(seenByA.length).toBeGreaterThan(0);
    expect(new Set(seenByA)).toEqual(new Set([WARD_A]));
    expect(displayA.events('alert:raised').some(raisedFor(baby))).toBe(false);
    expect(displayA.events('score:updated').some((event) => event.tile.patientId === baby)).toBe(false);
  });

  it('numbers each ward’s events one after another, and the heartbeat carries the latest number', async () => {
    const display = await open(beacon.url, await staffToken('ward-display', [WARD_A]));
    const snapshot = await display.must('ward:join', { wardId: WARD_A });
    const patient = await admit('gw-seq', WARD_A, DETERIORATING, 'Bed 9');
    await display.waitFor('alert:raised', raisedFor(patient));
    await display.waitFor('score:updated', (event) => event.tile.patientId === patient);
    // Every number up to the one a later heartbeat announces arrives, once each and in order.
    const beat = await display.waitFor('ward:heartbeat', (event) => event.seq > snapshot.seq, 12000);
    const numbered = () =>
      display.received
        .filter(
          ({ event }) => event === 'alert:raised' || event === 'alert:updated' || event === 'score:updated',
        )
        .map(({ payload }) => (payload as { wardId: string; seq: number }).seq);
    await waitUntil(() => Promise.resolve(numbered().includes(beat.seq)), `event number ${beat.seq}`, 5000);
    // An event the snapshot already includes may still arrive after it (its number is not above the snapshot's,
    // and screens ignore it); every later number must arrive once, in order.
    const upToBeat = numbered().filter((seq) => seq > snapshot.seq && seq <= beat.seq);
    expect(upToBeat).toEqual(
      Array.from({ length: beat.seq - snapshot.seq }, (_, index) => snapshot.seq + 1 + index),
    );
  });

  it('does not let a ward display acknowledge; a midwife’s acknowledgement is confirmed by ack and seen by a second display', async () => {
    const display1 = await open(beacon.url, await staffToken('ward-display', [WARD_A]), 'display-1');
    const display2 = await open(beacon.url, await staffToken('ward-display', [WARD_A]), 'display-2');
    const handheld = await open(
      beacon.url,
      await staffToken('midwife', [WARD_A], 'Midwife Grace'),
      'handheld-1',
    );
    for (const screen of [display1, display2, handheld]) await screen.must('ward:join', { wardId: WARD_A });

    const patient = await admit('gw-ack', WARD_A, DETERIORATING, 'Bed 4');
    const { alert } = await display1.waitFor('alert:raised', raisedFor(patient));
    expect(alert).toMatchObject({ state: 'raised', kind: 'deterioration', patient: { bed: 'Bed 4' } });

    const refused = await display1.command('alert:acknowledge', { alertId: alert.id });
    expect(refused).toMatchObject({ status: 403 });
    const [row] = await beacon.database.query<{ state: string }>('SELECT state FROM alert WHERE id = $1', [
      alert.id,
    ]);
    expect(row?.state).toBe('raised');

    const reply = await handheld.command('alert:acknowledge', {
      alertId: alert.id,
      commandId: 'ack-gw-0001',
    });
    expect(reply).toMatchObject({
      data: { id: alert.id, state: 'acknowledged', acknowledged: { by: 'Midwife Grace' } },
    });
    const seen = await display2.waitFor(
      'alert:updated',
      (event) => event.alert.id === alert.id && event.alert.state === 'acknowledged',
    );
    expect(seen.alert.acknowledged?.device).toMatch(/\/handheld-1$/);

    // The same command again (a handheld retrying after a reconnect) changes nothing.
    const again = await handheld.command('alert:acknowledge', {
      alertId: alert.id,
      commandId: 'ack-gw-0001',
    });
    expect(again).toMatchObject({ data: { state: 'acknowledged' } });
    const acks = await beacon.database.query(
      `SELECT id FROM audit_event WHERE alert_id = $1 AND type = 'alert.acknowledged'`,
      [alert.id],
    );
    expect(acks).toHaveLength(1);

    const badResponse = await handheld.command('alert:respond', {
      alertId: alert.id,
      response: 'not-required',
    });
    expect(badResponse).toMatchObject({
      status: 400,
      error: expect.stringMatching(/alert:respond\.reason/) as unknown,
    });
    const responded = await handheld.must('alert:respond', { alertId: alert.id, response: 'attending' });
    expect(responded).toMatchObject({ state: 'attending', responded: { response: 'attending' } });
  });

  it('records "delivered to N screens" in the timeline from the screens’ receipts, once per screen', async () => {
    const display1 = await open(beacon.url, await staffToken('ward-display', [WARD_A]), 'receipt-display-1');
    const display2 = await open(beacon.url, await staffToken('ward-display', [WARD_A]), 'receipt-display-2');
    for (const screen of [display1, display2]) await screen.must('ward:join', { wardId: WARD_A });
    const patient = await admit('gw-delivery', WARD_A, DETERIORATING, 'Bed 5');
    const { alert } = await display1.waitFor('alert:raised', raisedFor(patient));
    await display2.waitFor('alert:raised', raisedFor(patient));

    expect(await display1.must('alert:received', { alertId: alert.id, step: 0 })).toEqual({ recorded: true });
    expect(await display1.must('alert:received', { alertId: alert.id, step: 0 })).toEqual({
      recorded: false,
    });
    expect(await display2.must('alert:received', { alertId: alert.id, step: 0 })).toEqual({ recorded: true });

    const timeline = await request(beacon.url)
      .get(`/api/alerts/${alert.id}/timeline`)
      .set('Authorization', `Bearer ${await staffToken('auditor')}`);
    expect(timeline.status).toBe(200);
    const body = timeline.body as {
      deliveries: { step: number; screens: number; to: { screen: string }[] }[];
    };
    expect(body.deliveries).toHaveLength(1);
    expect(body.deliveries[0]).toMatchObject({ step: 0, screens: 2 });
    expect(body.deliveries[0]?.to.map((to) => to.screen.split('/')[1]).sort()).toEqual([
      'receipt-display-1',
      'receipt-display-2',
    ]);

    const otherWard = await open(beacon.url, await staffToken('ward-display', [WARD_B]));
    expect(await otherWard.command('alert:received', { alertId: alert.id, step: 0 })).toMatchObject({
      status: 403,
    });
  });

  it('gives a client that reconnects after missing an event a snapshot that includes it', async () => {
    const token = await staffToken('ward-display', [WARD_A]);
    const display = await open(beacon.url, token, 'reconnecting-display');
    await display.must('ward:join', { wardId: WARD_A });
    display.socket.disconnect();

    const patient = await admit('gw-missed', WARD_A, DETERIORATING, 'Bed 11');
    await waitUntil(
      async () =>
        (await beacon.database.query(`SELECT id FROM alert WHERE patient_id = $1`, [patient])).length > 0,
      'alert raised while the display was away',
      20000,
    );
    expect(display.events('alert:raised').some(raisedFor(patient))).toBe(false);

    display.socket.connect();
    await new Promise((resolve) => display.socket.once('connect', () => resolve(undefined)));
    const snapshot: BoardSnapshot = await display.must('ward:join', { wardId: WARD_A });
    expect(snapshot.alerts.some((alert) => alert.patient?.id === patient)).toBe(true);
    const tile = snapshot.beds.find((bed) => bed.patientId === patient);
    expect(tile).toMatchObject({ bed: 'Bed 11', latest: { total: 2, escalate: true } });
  });

  it('raises a concern from a handheld once per command, for the midwife’s own ward only', async () => {
    const patient = await admit('gw-concern', WARD_A, NORMAL, 'Bed 12');
    const display = await open(beacon.url, await staffToken('ward-display', [WARD_A]));
    await display.must('ward:join', { wardId: WARD_A });
    const midwifeB = await open(beacon.url, await staffToken('midwife', [WARD_B]));
    expect(await midwifeB.command('concern:raise', { patientId: patient })).toMatchObject({ status: 403 });

    const midwife = await open(beacon.url, await staffToken('midwife', [WARD_A], 'Midwife Rose'));
    const input = { patientId: patient, note: 'Partner says she is not herself', commandId: 'concern-gw-1' };
    const raised = await midwife.must('concern:raise', input);
    expect(raised).toMatchObject({ kind: 'concern', state: 'raised', patient: { id: patient } });
    expect(await midwife.must('concern:raise', input)).toMatchObject({ id: raised.id });
    await display.waitFor('alert:raised', (event) => event.alert.id === raised.id);
    const alerts = await beacon.database.query(
      `SELECT id FROM alert WHERE patient_id = $1 AND kind = 'concern'`,
      [patient],
    );
    expect(alerts).toHaveLength(1);
    const missing = await midwife.command('concern:raise', {
      patientId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing).toMatchObject({ status: 404 });
  });

  it('moves a transferred patient off the old ward’s screens at once: they are told to re-sync', async () => {
    const displayA = await open(beacon.url, await staffToken('ward-display', [WARD_A]));
    const patient = await admit('gw-move', WARD_A, NORMAL, 'Bed 15');
    await displayA.must('ward:join', { wardId: WARD_A });
    await waitUntil(
      async () =>
        (await displayA.must('ward:join', { wardId: WARD_A })).beds.some((bed) => bed.patientId === patient),
      'the patient on ward A',
      20000,
    );
    const before = await displayA.must('ward:join', { wardId: WARD_A });
    const moved = await transfer('gw-move', WARD_B, 'Cot 9');
    expect(moved.status).toBe(200);
    await displayA.waitFor('ward:heartbeat', (event) => event.resync === true && event.seq >= before.seq);
    const after = await displayA.must('ward:join', { wardId: WARD_A });
    expect(after.beds.some((bed) => bed.patientId === patient)).toBe(false);
    const displayB = await open(beacon.url, await staffToken('ward-display', [WARD_B]));
    const onB = await displayB.must('ward:join', { wardId: WARD_B });
    expect(onB.beds.find((bed) => bed.patientId === patient)).toMatchObject({ bed: 'Cot 9' });
  });

  it('moves an open alert with its patient to the new ward, and audits it', async () => {
    const displayA = await open(beacon.url, await staffToken('ward-display', [WARD_A]));
    const displayB = await open(beacon.url, await staffToken('ward-display', [WARD_B]));
    await displayA.must('ward:join', { wardId: WARD_A });
    await displayB.must('ward:join', { wardId: WARD_B });
    const patient = await admit('gw-move-alert', WARD_A, DETERIORATING, 'Bed 16');
    const raised = await displayA.waitFor('alert:raised', raisedFor(patient));
    const moved = await transfer('gw-move-alert', WARD_B, 'Cot 10');
    expect(moved.status).toBe(200);
    // Still unacknowledged, it arrives on ward B as a new alert there (with the chime), the same alert.
    const onB = await displayB.waitFor('alert:raised', (event) => event.alert.id === raised.alert.id);
    expect(onB.alert).toMatchObject({ wardId: WARD_B, state: 'raised' });
    const boardA = await displayA.must('ward:join', { wardId: WARD_A });
    expect(boardA.alerts.map((alert) => alert.id)).not.toContain(raised.alert.id);
    const audit = await beacon.database.query<{ details: { from: string; to: string } }>(
      `SELECT details FROM audit_event WHERE alert_id = $1 AND type = 'alert.moved'`,
      [raised.alert.id],
    );
    expect(audit.map((row) => row.details)).toEqual([{ from: WARD_A, to: WARD_B }]);
  });

  it('session:info lists the wards and what the person may do', async () => {
    const midwife = await open(beacon.url, await staffToken('midwife', [WARD_A], 'Midwife Ann'));
    expect(await midwife.must('session:info', {})).toMatchObject({
      user: { name: 'Midwife Ann', role: 'midwife' },
      wards: [{ id: WARD_A }],
      mayAct: true,
    });
    const display = await open(beacon.url, await staffToken('ward-display', [WARD_A]));
    expect(await display.must('session:info', {})).toMatchObject({ mayAct: false });
  });

  describe('with a second api process', () => {
    /** The second process has a low command limit (the first keeps the default). */
    const COMMAND_LIMIT = 8;
    let second: BeaconProcess;
    let secondUrl: string;

    beforeAll(async () => {
      const port = await freePort();
      const clients = join(mkdtempSync(join(tmpdir(), 'beacon-clients-')), 'clients.json');
      writeFileSync(clients, JSON.stringify({ clients: [] }));
      second = BeaconProcess.start('main', {
        BEACON_ROLE: 'api',
        BEACON_DATABASE_URL: beacon.database.url,
        BEACON_REDIS_URL: beacon.config.env.BEACON_REDIS_URL,
        BEACON_QUEUE_PREFIX: beacon.config.env.BEACON_QUEUE_PREFIX,
        BEACON_HTTP_PORT: String(port),
        BEACON_TOKEN_SECRET: TEST_TOKEN_SECRET,
        BEACON_CLIENTS_FILE: clients,
        BEACON_SCREEN_COMMANDS_PER_MINUTE: String(COMMAND_LIMIT),
      });
      await second.waitForOutput(/api listening/);
      secondUrl = `http://127.0.0.1:${port}`;
    });

    afterAll(async () => {
      await second?.stop();
    });

    it('refuses commands beyond the per-person limit with 429, without affecting another person', async () => {
      const busy = await open(secondUrl, await staffToken('midwife', [WARD_A], 'Midwife Busy'));
      for (let command = 1; command <= COMMAND_LIMIT; command++)
        expect(await busy.command('session:info', {})).toHaveProperty('data');
      expect(await busy.command('session:info', {})).toMatchObject({
        status: 429,
        error: expect.stringMatching(/too many commands/),
      });
      const other = await open(secondUrl, await staffToken('midwife', [WARD_A], 'Midwife Calm'));
      expect(await other.command('session:info', {})).toHaveProperty('data');
    });

    it('delivers an alert raised by the worker to a display on the other api process, and an acknowledgement made there back to the first', async () => {
      const remoteDisplay = await open(secondUrl, await staffToken('ward-display', [WARD_A]));
      const localDisplay = await open(beacon.url, await staffToken('ward-display', [WARD_A]));
      await remoteDisplay.must('ward:join', { wardId: WARD_A });
      await localDisplay.must('ward:join', { wardId: WARD_A });

      const patient = await admit('gw-two-apis', WARD_A, DETERIORATING, 'Bed 14');
      const { alert } = await remoteDisplay.waitFor('alert:raised', raisedFor(patient));

      const remoteMidwife = await open(secondUrl, await staffToken('midwife', [WARD_A], 'Midwife Jo'));
      await remoteMidwife.must('alert:acknowledge', { alertId: alert.id });
      const seen = await localDisplay.waitFor(
        'alert:updated',
        (event) => event.alert.id === alert.id && event.alert.state === 'acknowledged',
      );
      expect(seen.alert.acknowledged?.by).toBe('Midwife Jo');
    });
  });
});
