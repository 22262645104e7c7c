import request from 'supertest';
import { SimulatedEpr } from '../../src/simulator/simulated-epr';
import { DETERIORATION_TICKS, demoScenario } from '../../src/simulator/ward-scenario';
import type { MeasuresView } from '../../src/contracts/measures.view';
import { staffCommand } from '../support/escalations';
import { staffToken } from '../support/clinical';
import { waitUntil } from '../support/private-redis';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const thisMonth = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .slice(0, 7);

/**
 * The demo's own simulated EPR (`npm run demo`'s scenario: twelve women, six babies, Bed 5's concern at tick 2, Bed 3
 * deteriorating by tick 14) feeding the real service; a coordinator acknowledges what it raises. The escalation
 * measures then come out on the API and as FHIR MeasureReports.
 */
describe('the demo scenario produces the escalation measures', () => {
  let beacon: TestBeacon;
  let client: TestEpr;

  beforeAll(async () => {
    client = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'all' }, { clients: [client.registration()] });
    const epr = new SimulatedEpr({
      beaconUrl: beacon.url,
      client,
      scenario: demoScenario({ maternityWardId: 'maternity-a', newbornWardId: 'transitional-care' }),
      tickMs: 300,
      ticks: DETERIORATION_TICKS,
      log: () => undefined,
    });
    await epr.start();
    await waitUntil(
      () => Promise.resolve(epr.ticksDone >= DETERIORATION_TICKS),
      'the scenario ticks',
      120000,
    );
    await epr.stop();
    await waitUntil(
      async () =>
        (
          await beacon.database.query(
            `SELECT 1 FROM alert WHERE kind IN ('concern', 'deterioration') AND state = 'raised'`,
          )
        ).length >= 2,
      'the concern and the deterioration raised',
      60000,
    );
    const coordinator = await staffToken('coordinator', [], 'Coordinator Cal');
    const open = await beacon.database.query<{ id: string }>(
      `SELECT id FROM alert WHERE kind IN ('concern', 'deterioration') AND state = 'raised'`,
    );
    for (const { id } of open)
      await staffCommand(beacon, coordinator, `/api/alerts/${id}/acknowledge`, { device: 'desk' });
  }, 150000);

  afterAll(async () => {
    await beacon?.close();
  });

  it('shows this month’s escalation measures for the unit, small counts as "< 5"', async () => {
    const auditor = await staffToken('auditor');
    const response = await request(beacon.url)
      .get(`/api/measures?from=${thisMonth()}`)
      .set('Authorization', `Bearer ${auditor}`);
    expect(response.status).toBe(200);
    const view = response.body as MeasuresView;
    const unit = (id: string) =>
      view.measures
        .find((m) => m.definition.id === id)
        ?.series.find((s) => s.ward === 'all')
        ?.points.find((p) => p.period === thisMonth());

    // Eighteen patients' sets and at least one deterioration alert: shown (not about fewer than 5).
    const burden = unit('BAL-ALERT-BURDEN');
    expect(burden?.suppressed).toBe(false);
    expect(burden?.denominator).toBeGreaterThanOrEqual(18);
    expect(burden?.value).toBeGreaterThan(0);

    // The concern and the deterioration were acknowledged: the time to acknowledgement exists, about 2–4 alerts,
    // so it is shown as "< 5".
    expect(unit('ESC-ACK')).toMatchObject({ suppressed: true, display: '< 5' });
    // Bed 7's observations are overdue: one (or a few) overdue alerts over many sets is "< 5" as well.
    const [overdue] = await beacon.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM alert WHERE kind = 'overdue'`,
    );
    expect(unit('M-20.1')?.suppressed).toBe((overdue?.n ?? 0) > 0 && (overdue?.n ?? 0) < 5);
    expect(unit('M-20')).toBeDefined();
  });

  it('serves them as FHIR MeasureReports', async () => {
    const token = await client.token(beacon.url);
    const response = await request(beacon.url)
      .get(`/fhir/MeasureReport?measure=BAL-ALERT-BURDEN&period=${thisMonth()}`)
      .set('Authorization', `Bearer ${token}`);
    expect(response.status).toBe(200);
    const reports = (response.body.entry as { resource: fhir4.MeasureReport }[]).map((e) => e.resource);
    expect(reports.map((r) => r.subject?.identifier?.value)).toEqual(
      expect.arrayContaining(['all', 'maternity-a', 'transitional-care']),
    );
    const unitReport = reports.find((r) => r.subject?.identifier?.value === 'all');
    expect(unitReport?.group?.[0]?.measureScore?.value).toBeGreaterThan(0);
  });
});
