import request from 'supertest';
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
import type { MeasuresView } from '../../src/contracts/measures.view';

const thisMonth = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .slice(0, 7);

/**
 * Ward-like data through the real pipeline (FHIR intake → scoring → alerts → staff on handhelds): six escalations on
 * a ward with an hour to acknowledge, all acknowledged on time (three answered "escalating" by three midwives), and
 * two on a ward with two seconds, acknowledged only after the ladder climbed. The escalation measures come out of
 * Beacon's own tables, on the API, as CSV and as FHIR MeasureReports.
 */
describe('quality-improvement measures (real service, PostgreSQL and Redis)', () => {
  let beacon: TestBeacon;
  let eprToken: string;
  let auditor: string;

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon(
      { BEACON_ROLE: 'all', BEACON_WARD_CONFIG: twoLadderWards(), BEACON_TIMER_SWEEP_MS: '1000' },
      { clients: [client.registration()] },
    );
    eprToken = await client.token(beacon.url);
    const onTime = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        raiseDeterioration(beacon, eprToken, {
          sourceId: `m-slow-${i}`,
          ward: SLOW_WARD,
          bed: `Bed ${i + 1}`,
        }),
      ),
    );
    const late = await Promise.all(
      Array.from({ length: 2 }, (_, i) =>
        raiseDeterioration(beacon, eprToken, {
          sourceId: `m-fast-${i}`,
          ward: FAST_WARD,
          bed: `Bed ${i + 1}`,
        }),
      ),
    );
    for (const [i, alertId] of onTime.entries()) {
      const midwife = await staffToken('midwife', [SLOW_WARD], `Midwife ${i % 3}`);
      await staffCommand(beacon, midwife, `/api/alerts/${alertId}/acknowledge`, { device: `hh-${i}` });
      if (i < 3)
        await staffCommand(beacon, midwife, `/api/alerts/${alertId}/respond`, { response: 'escalating' });
    }
    for (const alertId of late) {
      await waitForEscalation(beacon, alertId);
      await staffCommand(
        beacon,
        await staffToken('midwife', [FAST_WARD]),
        `/api/alerts/${alertId}/acknowledge`,
        {
          device: 'hh-fast',
        },
      );
    }
    auditor = await staffToken('auditor', [], 'Auditor Ann');
  }, 120000);

  afterAll(async () => {
    await beacon?.close();
  });

  const latest = (view: MeasuresView, id: string, ward = 'all') => {
    const series = view.measures.find((m) => m.definition.id === id)?.series.find((s) => s.ward === ward);
    return { series, point: series?.points.find((p) => p.period === thisMonth()) };
  };

  it('computes the escalation measures for the unit and each ward, suppressing fewer than 5', async () => {
    const response = await request(beacon.url).get('/api/measures').set('Authorization', `Bearer ${auditor}`);
    expect(response.status).toBe(200);
    const view = response.body as MeasuresView;
    expect(view.to).toBe(thisMonth());

    // Eight escalations acknowledged this month: shown (8 ≥ 5), a mean in minutes.
    const ack = latest(view, 'ESC-ACK');
    expect(ack.point).toMatchObject({ suppressed: false });
    expect(ack.point?.value).toEqual(expect.any(Number));
    expect(ack.point?.display).toMatch(/min \(8\)$/);

    // Two of eight acknowledged after the first step: 2 is under 5, so the unit shows "< 5", not 2/8.
    const unanswered = latest(view, 'M-20.2');
    expect(unanswered.point).toMatchObject({
      suppressed: true,
      display: '< 5',
      numerator: null,
      denominator: null,
    });
    // The slow ward: none of six late, 0/6 (zero identifies no one).
    expect(latest(view, 'M-20.2', SLOW_WARD).point).toMatchObject({
      suppressed: false,
      numerator: 0,
      denominator: 6,
    });

    // Three midwives answered "escalating" on the slow ward.
    expect(latest(view, 'M-37', SLOW_WARD).point?.value).toBe(3);
    expect(latest(view, 'M-37', FAST_WARD).point?.value).toBe(0);

    // Every §(e) measure not computed yet is listed with its reason.
    expect(view.notComputed.map((n) => n.id)).toContain('M-16');

    const [run] = await beacon.database.query<{ actor_type: string }>(
      `SELECT actor_type FROM audit_event WHERE type = 'measures.computed'`,
    );
    expect(run?.actor_type).toBe('user');
  });

  it('exports the same figures as CSV, suppressed cells empty, and records the export', async () => {
    const response = await request(beacon.url)
      .get(`/api/measures.csv?from=${thisMonth()}&to=${thisMonth()}`)
      .set('Authorization', `Bearer ${auditor}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.text.trim().split('\n');
    expect(lines[0]).toBe(
      'measure_id,measure_version,title,ward,period,numerator,denominator,value,shown,suppressed,mean,lower_limit,upper_limit,signals',
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^M-20\\.2,1,.*,all,${thisMonth()},,,,< 5,true,`)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^M-20\\.2,1,.*,${SLOW_WARD},${thisMonth()},0,6,0,`)),
    );
    const exports = await beacon.database.query(`SELECT 1 FROM audit_event WHERE type = 'measures.exported'`);
    expect(exports.length).toBeGreaterThan(0);
  });

  it('is for auditors, coordinators and admins, and names a bad field', async () => {
    expect((await request(beacon.url).get('/api/measures')).status).toBe(401);
    const midwife = await staffToken('midwife', [SLOW_WARD]);
    expect(
      (await request(beacon.url).get('/api/measures').set('Authorization', `Bearer ${midwife}`)).status,
    ).toBe(403);
    const coordinator = await staffToken('coordinator');
    expect(
      (await request(beacon.url).get('/api/measures').set('Authorization', `Bearer ${coordinator}`)).status,
    ).toBe(200);
    const bad = await request(beacon.url)
      .get('/api/measures?from=2026-13&ward=nowhere')
      .set('Authorization', `Bearer ${auditor}`);
    expect(bad.status).toBe(400);
    expect(bad.body.resourceType).toBe('OperationOutcome');
    expect((bad.body.issue as { expression: string[] }[]).flatMap((i) => i.expression)).toEqual(
      expect.arrayContaining(['query.from', 'query.ward']),
    );
  });

  it('serves every measure as a FHIR Measure and a month as summary MeasureReports', async () => {
    const measures = await request(beacon.url)
      .get('/fhir/Measure')
      .set('Authorization', `Bearer ${eprToken}`);
    expect(measures.status).toBe(200);
    expect(measures.headers['content-type']).toContain('application/fhir+json');
    const ids = (measures.body.entry as { resource: { id: string; resourceType: string } }[]).map(
      (e) => e.resource.id,
    );
    expect(ids).toEqual(expect.arrayContaining(['ESC-ACK', 'M-20', 'M-20.2', 'M-37', 'M-45']));

    const reports = await request(beacon.url)
      .get(`/fhir/MeasureReport?measure=ESC-ACK&period=${thisMonth()}`)
      .set('Authorization', `Bearer ${eprToken}`);
    expect(reports.status).toBe(200);
    const unit = (reports.body.entry as { resource: fhir4.MeasureReport }[])
      .map((e) => e.resource)
      .find((r) => r.subject?.identifier?.value === 'all');
    expect(unit).toMatchObject({ resourceType: 'MeasureReport', type: 'summary', status: 'pending' });
    expect(unit?.measure).toMatch(/\/fhir\/Measure\/ESC-ACK\|1$/);
    expect(unit?.group?.[0]?.measureScore?.value).toEqual(expect.any(Number));

    const suppressed = await request(beacon.url)
      .get(`/fhir/MeasureReport?measure=M-20.2&period=${thisMonth()}`)
      .set('Authorization', `Bearer ${eprToken}`);
    const unitGroup = (suppressed.body.entry as { resource: fhir4.MeasureReport }[]).find(
      (e) => e.resource.subject?.identifier?.value === 'all',
    )?.resource.group?.[0];
    expect(unitGroup?.population).toBeUndefined();
    expect(unitGroup?.extension?.[0]?.valueBoolean).toBe(true);
  });

  it('answers a bad MeasureReport search with an OperationOutcome naming the field, and a staff token with 403', async () => {
    const missing = await request(beacon.url)
      .get('/fhir/MeasureReport?measure=ESC-ACK')
      .set('Authorization', `Bearer ${eprToken}`);
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('query.period');
    const unknown = await request(beacon.url)
      .get(`/fhir/MeasureReport?measure=M-99&period=${thisMonth()}`)
      .set('Authorization', `Bearer ${eprToken}`);
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('query.measure');
    expect(
      (await request(beacon.url).get('/fhir/Measure').set('Authorization', `Bearer ${auditor}`)).status,
    ).toBe(403);
  });
});
