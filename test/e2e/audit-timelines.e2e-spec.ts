import { parse } from 'csv-parse/sync';
import request from 'supertest';
import type { EscalationPage, EscalationRow } from '../../src/contracts/escalation-list.view';
import { staffToken } from '../support/clinical';
import {
  FAST_WARD,
  SLOW_WARD,
  raiseDeterioration,
  staffCommand,
  twoLadderWards,
  waitForEscalation,
} from '../support/escalations';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

describe('escalation timelines for auditors (real PostgreSQL, Redis and worker)', () => {
  let beacon: TestBeacon;
  let auditor: string;
  /** The alerts this file made, by how their acknowledgement went. */
  const made = { late: '', missed: '', onTime: '', pending: '' };

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon(
      { BEACON_ROLE: 'all', BEACON_WARD_CONFIG: twoLadderWards(), BEACON_TIMER_SWEEP_MS: '1000' },
      { clients: [client.registration()] },
    );
    const epr = await client.token(beacon.url);
    auditor = await staffToken('auditor', [], 'Auditor Ann');
    const fastMidwife = await staffToken('midwife', [FAST_WARD], 'Midwife Fay');
    const slowMidwife = await staffToken('midwife', [SLOW_WARD], 'Midwife Sol');

    [made.late, made.missed, made.onTime, made.pending] = await Promise.all([
      raiseDeterioration(beacon, epr, { sourceId: 'au-late', ward: FAST_WARD, bed: 'Bed 11' }),
      raiseDeterioration(beacon, epr, { sourceId: 'au-missed', ward: FAST_WARD, bed: 'Bed 12' }),
      raiseDeterioration(beacon, epr, { sourceId: 'au-on-time', ward: SLOW_WARD, bed: 'Bed 21' }),
      raiseDeterioration(beacon, epr, { sourceId: 'au-pending', ward: SLOW_WARD, bed: 'Bed 22' }),
    ]);
    // On the slow ward the deadline is an hour away: acknowledged now, it is on time.
    await staffCommand(beacon, slowMidwife, `/api/alerts/${made.onTime}/acknowledge`, { device: 'hh-sol' });
    await staffCommand(beacon, slowMidwife, `/api/alerts/${made.onTime}/respond`, {
      response: 'not-required',
      reason: 'measurement-error',
    });
    // On the fast ward: acknowledged only after it escalated, and never.
    await waitForEscalation(beacon, made.late);
    await staffCommand(beacon, fastMidwife, `/api/alerts/${made.late}/acknowledge`, { device: 'hh-fay' });
    await waitForEscalation(beacon, made.missed);
  });

  afterAll(async () => {
    await beacon?.close();
  });

  const get = (path: string, token = auditor) =>
    request(beacon.url).get(path).set('Authorization', `Bearer ${token}`);
  const mine = (ids: readonly string[]) =>
    ids.filter((id) => Object.values(made).includes(id)).sort((a, b) => a.localeCompare(b));
  const sorted = (...ids: string[]) => [...ids].sort((a, b) => a.localeCompare(b));

  async function list(query: string): Promise<EscalationPage> {
    const response = await get(`/api/audit/alerts?${query}`);
    expect(response.status).toBe(200);
    return response.body as EscalationPage;
  }

  async function csv(query: string): Promise<Record<string, string>[]> {
    const response = await get(`/api/audit/alerts.csv?${query}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="beacon-escalations-/);
    return parse<Record<string, string>>(response.text, { columns: true });
  }

  it('classifies each acknowledgement against the deadline set when the alert was raised', async () => {
    const page = await list('pageSize=200');
    const status = new Map(page.rows.map((row) => [row.id, row.acknowledgement]));
    expect(Object.fromEntries(Object.entries(made).map(([name, id]) => [name, status.get(id)]))).toEqual({
      late: 'late',
      missed: 'missed',
      onTime: 'on-time',
      pending: 'pending',
    });
  });

  it('filters to "acknowledged late or not at all", and the CSV holds exactly the same rows', async () => {
    const late = await list('late=true');
    expect(mine(late.rows.map((row) => row.id))).toEqual(sorted(made.late, made.missed));
    expect(late.total).toBe(late.rows.length);
    const exported = await csv('late=true');
    expect(exported.map((row) => row.alert_id).sort((a, b) => a!.localeCompare(b!))).toEqual(
      late.rows.map((row) => row.id).sort((a, b) => a.localeCompare(b)),
    );
    expect(exported.every((row) => ['late', 'missed'].includes(row.acknowledgement!))).toBe(true);

    const onTime = await list('late=false');
    expect(mine(onTime.rows.map((row) => row.id))).toEqual(sorted(made.onTime, made.pending));
  });

  it('combines ward, kind, level, date range and response reason filters, in the list and the CSV alike', async () => {
    const slow = await list(`ward=${SLOW_WARD}&kind=deterioration`);
    expect(mine(slow.rows.map((row) => row.id))).toEqual(sorted(made.onTime, made.pending));

    const reason = `ward=${SLOW_WARD}&response=not-required&reason=measurement-error`;
    expect((await list(reason)).rows.map((row) => row.id)).toEqual([made.onTime]);
    expect((await csv(reason)).map((row) => row.alert_id)).toEqual([made.onTime]);

    const all = await list('pageSize=200');
    const level = all.rows.find((row) => row.id === made.late)!.level;
    const fastAtLevel = await csv(`ward=${FAST_WARD}&level=${level}&late=true`);
    expect(fastAtLevel.map((row) => row.alert_id).sort((a, b) => a!.localeCompare(b!))).toEqual(
      sorted(made.late, made.missed),
    );

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await list(`from=${encodeURIComponent(future)}`)).rows).toEqual([]);
    expect(await csv(`from=${encodeURIComponent(future)}`)).toEqual([]);
    const earlier = new Date(Date.now() - 3_600_000).toISOString();
    expect(
      mine(
        (await list(`from=${encodeURIComponent(earlier)}&to=${encodeURIComponent(future)}`)).rows.map(
          (row) => row.id,
        ),
      ),
    ).toEqual(sorted(...Object.values(made)));
  });

  it('searches bed, initials and title, and pages', async () => {
    const bed = await list('q=bed%2012');
    expect(bed.rows.map((row) => row.id)).toEqual([made.missed]);
    expect(bed.rows[0]?.patient).toMatchObject({ bed: 'Bed 12' });

    const all = await list('pageSize=200');
    const initials = all.rows.find((row) => row.id === made.onTime)!.patient!.initials;
    expect((await list(`q=${initials.toLowerCase()}`)).rows.map((row) => row.id)).toContain(made.onTime);
    expect((await list('q=medium%20risk')).rows.map((row) => row.id)).toContain(made.late);
    expect((await list('q=nothing%20like%20this')).rows).toEqual([]);

    const first = await list('pageSize=1&page=1');
    const second = await list('pageSize=1&page=2');
    expect(first.rows).toHaveLength(1);
    expect(second.rows).toHaveLength(1);
    expect(first.rows[0]?.id).not.toBe(second.rows[0]?.id);
    expect(first.total).toBeGreaterThanOrEqual(4);
    const beyond = await list(`pageSize=1&page=${first.total + 1}`);
    expect(beyond).toMatchObject({ rows: [], total: first.total });
  });

  it('gives each row the times of every step and the durations between them', async () => {
    const page = await list('pageSize=200');
    const late = page.rows.find((row) => row.id === made.late) as EscalationRow;
    const { times, durations } = late;
    for (const step of [
      'observationTakenAt',
      'receivedAt',
      'scoredAt',
      'acknowledgeDueAt',
      'acknowledgedAt',
    ] as const)
      expect(times[step]).toEqual(expect.any(String));
    const order = [times.observationTakenAt, times.receivedAt, times.scoredAt, times.raisedAt].map((at) =>
      Date.parse(at!),
    );
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(Date.parse(times.acknowledgedAt!)).toBeGreaterThan(Date.parse(times.acknowledgeDueAt!));
    expect(late).toMatchObject({ acknowledgedBy: 'Midwife Fay', patient: { bed: 'Bed 11' } });
    expect(late.escalations).toBeGreaterThanOrEqual(1);
    expect(durations.takenToReceived).toBeGreaterThanOrEqual(0);
    expect(durations.raisedToAcknowledged).toBe(
      Math.round((Date.parse(times.acknowledgedAt!) - Date.parse(times.raisedAt)) / 100) / 10,
    );

    const onTime = page.rows.find((row) => row.id === made.onTime) as EscalationRow;
    expect(onTime).toMatchObject({ response: 'not-required', responseReason: 'measurement-error' });
    expect(onTime.durations.acknowledgedToResponded).toBeGreaterThanOrEqual(0);
    expect(onTime.durations.raisedToClosed).toBeGreaterThanOrEqual(0);

    const [csvRow] = await csv(`q=bed%2011`);
    expect(csvRow).toMatchObject({
      alert_id: made.late,
      acknowledgement: 'late',
      acknowledged_by: 'Midwife Fay',
      raised_to_acknowledged_s: String(durations.raisedToAcknowledged),
    });
  });

  it('audits every view of the list and of the CSV', async () => {
    const before = await beacon.database.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM audit_event WHERE type = 'audit.accessed' AND details->>'what' LIKE 'escalation list%'`,
    );
    await list('late=true');
    await csv('late=true');
    const rows = await beacon.database.query<{ actor_id: string; details: { what: string; query: unknown } }>(
      `SELECT actor_id, details FROM audit_event WHERE type = 'audit.accessed' AND details->>'what' LIKE 'escalation list%' ORDER BY id DESC LIMIT 2`,
    );
    const after = await beacon.database.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM audit_event WHERE type = 'audit.accessed' AND details->>'what' LIKE 'escalation list%'`,
    );
    expect(after[0]!.n - before[0]!.n).toBe(2);
    expect(rows.map((row) => row.details)).toEqual([
      expect.objectContaining({ what: 'escalation list (CSV)', query: { late: true } }),
      expect.objectContaining({ what: 'escalation list', query: { late: true } }),
    ]);
    expect(rows[0]?.actor_id).toMatch(/^test-auditor-/);
  });

  it('lets an auditor read a timeline, and refuses the list to a midwife and to no token', async () => {
    const timeline = await get(`/api/alerts/${made.late}/timeline`);
    expect(timeline.status).toBe(200);
    const types = (timeline.body.steps as { type: string }[]).map((step) => step.type);
    expect(types).toEqual(expect.arrayContaining(['alert.raised', 'alert.escalated', 'alert.acknowledged']));
    expect(types.indexOf('alert.escalated')).toBeLessThan(types.indexOf('alert.acknowledged'));
    expect(timeline.body.chainIntact).toBe(true);

    const midwife = await staffToken('midwife', [FAST_WARD]);
    for (const path of ['/api/audit/alerts', '/api/audit/alerts.csv']) {
      const refused = await get(path, midwife);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ code: 'forbidden' }],
      });
    }
    expect((await request(beacon.url).get('/api/audit/alerts')).status).toBe(401);
  });

  it.each([
    ['late=maybe', 'query.late'],
    ['from=yesterday', 'query.from'],
    ['ward=nowhere', 'query.ward'],
    ['reason=because', 'query.reason'],
    ['pageSize=1000', 'query.pageSize'],
    [
      `from=${encodeURIComponent('2026-01-02T00:00:00Z')}&to=${encodeURIComponent('2026-01-01T00:00:00Z')}`,
      'query.to',
    ],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    for (const path of ['/api/audit/alerts', '/api/audit/alerts.csv']) {
      const response = await get(`${path}?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.resourceType).toBe('OperationOutcome');
      expect(response.body.issue).toEqual([expect.objectContaining({ expression: [field] })]);
    }
  });

  it('refuses an unknown filter rather than exporting unfiltered rows', async () => {
    const response = await get('/api/audit/alerts.csv?wards=maternity-a');
    expect(response.status).toBe(400);
    expect(response.body.issue[0].diagnostics).toMatch(/wards/);
  });
});
