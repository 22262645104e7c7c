import type { DataSource, EntityManager } from 'typeorm';
import type { AuditLog } from '../audit/audit-log';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { MeasuresView } from '../contracts/measures.view';
import type { EscalationFact, MeasureFacts } from './domain/facts';
import { NO_FACTS } from './domain/facts';
import { MeasuresService } from './measures.service';
import type { MeasureFactsRepository } from './persistence/measure-facts.repository';

const MINUTE = 60_000;
const manager = {} as EntityManager;

/** An escalation raised mid-January 2026, acknowledged `minutes` later. */
const acknowledged = (wardId: string, minutes: number): EscalationFact => {
  const raisedAt = Date.parse('2026-01-15T12:00:00Z');
  return {
    id: `${wardId}-${minutes}`,
    wardId,
    patientId: 'patient-1',
    kind: 'deterioration',
    raisedAt,
    acknowledgeDueAt: null,
    acknowledgedAt: raisedAt + minutes * MINUTE,
    respondedAt: null,
    reviewWithinMinutes: null,
    closedAt: null,
    withdrawn: false,
  };
};

function setUp(facts: MeasureFacts = NO_FACTS) {
  const repository = { load: jest.fn().mockResolvedValue(facts) };
  const dataSource = {
    transaction: jest.fn((work: (m: EntityManager) => Promise<unknown>) => work(manager)),
  };
  const auditLog = { append: jest.fn<Promise<void>, unknown[]>().mockResolvedValue(undefined) };
  const service = new MeasuresService(
    repository as unknown as MeasureFactsRepository,
    dataSource as unknown as DataSource,
    auditLog as unknown as AuditLog,
    shippedConfig({}),
  );
  return { repository, auditLog, service };
}

const measure = (view: MeasuresView, id: string) => view.measures.find((each) => each.definition.id === id);
const seriesOf = (view: MeasuresView, id: string) => measure(view, id)?.series ?? [];

describe('MeasuresService: the unit’s measures per ward and month', () => {
  it('reads the facts from a day before the first month to a day after the last (UK months in UTC)', async () => {
    const { service, repository } = setUp();
    await service.compute('2026-01', '2026-03');
    expect(repository.load).toHaveBeenCalledWith(
      new Date('2025-12-31T00:00:00Z'),
      new Date('2026-04-02T00:00:00Z'),
    );
  });

  it('charts each ward measure for the unit and every ward, and Beacon’s own measures for the unit only', async () => {
    const { service } = setUp();
    const view = await service.compute('2026-01', '2026-01');
    expect(seriesOf(view, 'ESC-ACK').map(({ ward, wardName }) => [ward, wardName])).toEqual([
      ['all', 'Beacon demonstration maternity unit'],
      ['maternity-a', 'Maternity Ward A (antenatal and postnatal)'],
      ['transitional-care', 'Transitional Care (postnatal newborns)'],
      ['general-surgical', 'General Surgical Ward'],
    ]);
    expect(seriesOf(view, 'M-30').map(({ ward }) => ward)).toEqual(['all']);
  });

  it('charts one ward alone when asked, without the unit-only measures', async () => {
    const { service } = setUp();
    const view = await service.compute('2026-01', '2026-01', 'transitional-care');
    expect(seriesOf(view, 'ESC-ACK').map(({ ward }) => ward)).toEqual(['transitional-care']);
    expect(seriesOf(view, 'M-30')).toEqual([]);
  });

  it('shows a mean over fewer than 5 escalations as "< 5" with no figures, and one over 5 in full', async () => {
    const { service } = setUp({
      ...NO_FACTS,
      escalations: [
        acknowledged('maternity-a', 10),
        acknowledged('maternity-a', 20),
        acknowledged('maternity-a', 30),
        acknowledged('transitional-care', 40),
        acknowledged('transitional-care', 50),
      ],
    });
    const view = await service.compute('2026-01', '2026-01');
    const [unit, maternityA] = seriesOf(view, 'ESC-ACK');
    // (10 + 20 + 30 + 40 + 50) / 5 = 30 minutes over the unit's five.
    expect(unit?.points[0]).toMatchObject({ value: 30, suppressed: false, display: '30.0 min (5)' });
    expect(maternityA?.points[0]).toMatchObject({
      value: null,
      numerator: null,
      suppressed: true,
      display: '< 5',
    });
  });

  it('links an escalation point to the audited escalation list of that ward and month', async () => {
    const { service } = setUp({ ...NO_FACTS, escalations: [acknowledged('maternity-a', 10)] });
    const view = await service.compute('2026-01', '2026-01');
    const [unit, maternityA] = seriesOf(view, 'ESC-ACK');
    expect(maternityA?.points[0]?.drillDown).toBe(
      '/audit/alerts?ward=maternity-a&from=2026-01-01T00%3A00%3A00.000Z&to=2026-02-01T00%3A00%3A00.000Z',
    );
    expect(unit?.points[0]?.drillDown).toBe(
      '/audit/alerts?from=2026-01-01T00%3A00%3A00.000Z&to=2026-02-01T00%3A00%3A00.000Z',
    );
  });

  it('counts computations per month in full (about Beacon’s use, not patients), with no escalation link', async () => {
    const february = Date.parse('2026-02-10T09:00:00Z');
    const { service } = setUp({
      ...NO_FACTS,
      runs: [
        { kind: 'computed', at: february },
        { kind: 'computed', at: february + MINUTE },
        { kind: 'exported', at: february },
      ],
    });
    const view = await service.compute('2026-01', '2026-02');
    const [unit] = seriesOf(view, 'M-30');
    expect(
      unit?.points.map(({ period, display, suppressed, drillDown }) => [
        period,
        display,
        suppressed,
        drillDown,
      ]),
    ).toEqual([
      ['2026-01', '0', false, null],
      ['2026-02', '2', false, null],
    ]);
  });
});

describe('MeasuresService: each computation and export is audited', () => {
  it('records a computation as measures.computed and an export as measures.exported', async () => {
    const { service, auditLog } = setUp();
    const actor = { type: 'user' as const, id: 'auditor.1' };
    await service.recordRun(actor, 'computed', { query: { from: '2026-01' } });
    await service.recordRun(actor, 'exported', { format: 'csv' });
    expect(auditLog.append.mock.calls).toEqual([
      [manager, [{ type: 'measures.computed', actor, details: { query: { from: '2026-01' } } }]],
      [manager, [{ type: 'measures.exported', actor, details: { format: 'csv' } }]],
    ]);
  });
});
