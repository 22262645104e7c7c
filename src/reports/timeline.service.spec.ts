import type { AuditRow } from '../audit/audit-reader';
import type { AlertViews } from '../alerts/alert-views';
import type { AlertView } from '../contracts/alert.view';
import type { TimelineRepository, TimelineSetRow } from './persistence/timeline.repository';
import { TimelineService, deliveriesOf } from './timeline.service';

const audit = (id: string, type: string, at: string, extra: Partial<AuditRow> = {}): AuditRow => ({
  id,
  occurredAt: new Date(at),
  recordedAt: new Date(at),
  type,
  actorType: 'system',
  actorId: 'beacon',
  patientId: 'patient-1',
  alertId: null,
  resourceId: null,
  wardId: 'maternity-a',
  details: {},
  prevHash: '',
  hash: '',
  ...extra,
});

const delivered = (id: string, at: string, step: number, screen: string, role = 'ward-display') =>
  audit(id, 'alert.delivered', at, { alertId: 'alert-1', details: { step, screen, role } });

const set = (id: string, at: string, readings: TimelineSetRow['readings']): TimelineSetRow => ({
  id,
  effective_at: new Date(at),
  chart_id: 'mews',
  chart_version: '0.1.0',
  chart_verification: 'unverified',
  total: 7,
  clinical_risk: 'high',
  readings,
});

function setUp() {
  const alert: Partial<AlertView> = { id: 'alert-1', setId: 'set-1' };
  const repository = {
    alertEvents: jest.fn<Promise<AuditRow[]>, [string]>().mockResolvedValue([]),
    sets: jest.fn<Promise<TimelineSetRow[]>, [readonly string[]]>().mockResolvedValue([]),
    readingResources: jest.fn().mockResolvedValue([]),
    setEvents: jest.fn<Promise<AuditRow[]>, unknown[]>().mockResolvedValue([]),
    linkStatus: jest.fn((rows: readonly AuditRow[]) =>
      Promise.resolve(new Map(rows.map((row) => [row.id, true]))),
    ),
  };
  const views = { view: jest.fn().mockResolvedValue(alert) };
  const service = new TimelineService(
    repository as unknown as TimelineRepository,
    views as unknown as AlertViews,
  );
  return { repository, views, service };
}

describe('TimelineService: an escalation from the observation to its end', () => {
  it('answers nothing for an alert that does not exist, and reads nothing else', async () => {
    const { service, repository, views } = setUp();
    views.view.mockResolvedValue(undefined);
    await expect(service.timeline('alert-9')).resolves.toBeUndefined();
    expect(repository.alertEvents).not.toHaveBeenCalled();
  });

  it('reads the alert’s own set and every set its events name, each once', async () => {
    const { service, repository } = setUp();
    repository.alertEvents.mockResolvedValue([
      audit('1', 'alert.raised', '2026-03-01T10:00:00Z', { details: { setId: 'set-1' } }),
      audit('2', 'alert.updated', '2026-03-01T10:30:00Z', { details: { setId: 'set-2' } }),
      audit('3', 'alert.acknowledged', '2026-03-01T10:31:00Z'),
    ]);
    await service.timeline('alert-1');
    expect(repository.sets).toHaveBeenCalledWith(['set-1', 'set-2']);
  });

  it('orders the steps by time, the observation first, with the seconds since the step before', async () => {
    const { service, repository } = setUp();
    repository.sets.mockResolvedValue([set('set-1', '2026-03-01T09:58:00Z', [])]);
    repository.alertEvents.mockResolvedValue([
      audit('12', 'alert.acknowledged', '2026-03-01T10:04:30Z', {
        actorType: 'user',
        actorId: 'midwife.a',
        details: { actor: { name: 'Amara Okafor', role: 'midwife', device: 'handheld-7' } },
      }),
      audit('11', 'alert.raised', '2026-03-01T10:00:00Z'),
    ]);
    const timeline = await service.timeline('alert-1');
    expect(timeline?.steps.map((step) => [step.type, step.secondsSincePrevious])).toEqual([
      ['observation.taken', null],
      ['alert.raised', 120],
      ['alert.acknowledged', 270],
    ]);
    expect(timeline?.steps[2]?.actor).toEqual({
      type: 'user',
      id: 'midwife.a',
      name: 'Amara Okafor',
      role: 'midwife',
      device: 'handheld-7',
    });
  });

  it('puts events of the same instant in audit id order, as numbers (9 before 10)', async () => {
    const { service, repository } = setUp();
    repository.alertEvents.mockResolvedValue([
      audit('10', 'alert.escalated', '2026-03-01T10:15:00Z'),
      audit('9', 'alert.raised', '2026-03-01T10:15:00Z'),
    ]);
    const timeline = await service.timeline('alert-1');
    expect(timeline?.steps.map((step) => step.id)).toEqual(['9', '10']);
  });

  it('counts an event found both as the alert’s and as the set’s once', async () => {
    const { service, repository } = setUp();
    const raised = audit('5', 'alert.raised', '2026-03-01T10:00:00Z');
    repository.alertEvents.mockResolvedValue([raised]);
    repository.setEvents.mockResolvedValue([raised, audit('4', 'set.scored', '2026-03-01T09:59:59Z')]);
    const timeline = await service.timeline('alert-1');
    expect(timeline?.steps.map((step) => step.id)).toEqual(['4', '5']);
  });

  it('says the chain is broken when any row is altered, and marks that step', async () => {
    const { service, repository } = setUp();
    repository.alertEvents.mockResolvedValue([
      audit('1', 'alert.raised', '2026-03-01T10:00:00Z'),
      audit('2', 'alert.acknowledged', '2026-03-01T10:01:00Z'),
    ]);
    repository.linkStatus.mockResolvedValue(
      new Map([
        ['1', true],
        ['2', false],
      ]),
    );
    const timeline = await service.timeline('alert-1');
    expect(timeline?.chainIntact).toBe(false);
    expect(timeline?.steps.map((step) => step.intact)).toEqual([true, false]);
  });

  it('says the chain is intact when every row is', async () => {
    const { service, repository } = setUp();
    repository.alertEvents.mockResolvedValue([audit('1', 'alert.raised', '2026-03-01T10:00:00Z')]);
    await expect(service.timeline('alert-1')).resolves.toMatchObject({ chainIntact: true });
  });

  it('shows when the last of a set’s readings was received, from its resources’ receipts only', async () => {
    const { service, repository } = setUp();
    repository.sets.mockResolvedValue([
      set('set-1', '2026-03-01T09:58:00Z', [
        { field: 'respiratoryRate', value: 24, readingId: '101', effectiveAt: '2026-03-01T09:58:00.000Z' },
        { field: 'consciousness', value: 'A', readingId: '102', effectiveAt: '2026-03-01T09:58:00.000Z' },
        { field: 'lochia', value: 'heavy', readingId: '103', effectiveAt: '2026-03-01T09:58:00.000Z' },
      ]),
    ]);
    repository.readingResources.mockResolvedValue([
      { id: '101', resource_id: 'res-a' },
      { id: '102', resource_id: 'res-b' },
    ]);
    repository.setEvents.mockResolvedValue([
      audit('1', 'observation.received', '2026-03-01T09:58:40Z', { resourceId: 'res-a' }),
      audit('2', 'observation.received', '2026-03-01T09:59:10Z', { resourceId: 'res-b' }),
      audit('3', 'observation.received', '2026-03-01T10:20:00Z', { resourceId: 'res-other' }),
      audit('4', 'observation.superseded', '2026-03-01T10:30:00Z', { resourceId: 'res-a' }),
    ]);
    const timeline = await service.timeline('alert-1');
    expect(repository.readingResources).toHaveBeenCalledWith(['101', '102', '103']);
    expect(repository.setEvents).toHaveBeenCalledWith(['set-1'], ['res-a', 'res-b']);
    expect(timeline?.sets[0]?.receivedAt).toBe('2026-03-01T09:59:10.000Z');
    expect(timeline?.sets[0]?.readings).toEqual([
      { field: 'respiratoryRate', value: 24, label: 'Respiratory rate', unit: 'breaths/min' },
      { field: 'consciousness', value: 'A', label: 'Consciousness (ACVPU)', unit: null },
      { field: 'lochia', value: 'heavy', label: 'lochia', unit: null },
    ]);
  });

  it('leaves the receipt time empty when no receipt is in the audit trail', async () => {
    const { service, repository } = setUp();
    repository.sets.mockResolvedValue([
      set('set-1', '2026-03-01T09:58:00Z', [
        { field: 'heartRate', value: 130, readingId: '7', effectiveAt: '2026-03-01T09:58:00.000Z' },
      ]),
    ]);
    const timeline = await service.timeline('alert-1');
    expect(timeline?.sets[0]?.receivedAt).toBeNull();
  });
});

describe('deliveriesOf: "delivered to N screens" per escalation step', () => {
  it('counts each screen once per step, in step order, with the first and last time', () => {
    const deliveries = deliveriesOf([
      delivered('1', '2026-03-01T10:00:02Z', 0, 'display-a'),
      delivered('2', '2026-03-01T10:00:05Z', 0, 'handheld-7', 'midwife'),
      delivered('3', '2026-03-01T10:00:09Z', 0, 'display-a'),
      delivered('4', '2026-03-01T10:15:01Z', 1, 'handheld-9', 'coordinator'),
      audit('5', 'alert.acknowledged', '2026-03-01T10:16:00Z'),
    ]);
    expect(deliveries).toEqual([
      {
        step: 0,
        screens: 2,
        firstAt: '2026-03-01T10:00:02.000Z',
        lastAt: '2026-03-01T10:00:05.000Z',
        to: [
          { screen: 'display-a', role: 'ward-display', at: '2026-03-01T10:00:02.000Z' },
          { screen: 'handheld-7', role: 'midwife', at: '2026-03-01T10:00:05.000Z' },
        ],
      },
      {
        step: 1,
        screens: 1,
        firstAt: '2026-03-01T10:15:01.000Z',
        lastAt: '2026-03-01T10:15:01.000Z',
        to: [{ screen: 'handheld-9', role: 'coordinator', at: '2026-03-01T10:15:01.000Z' }],
      },
    ]);
  });

  it('names a screen by its actor when the receipt does not, and counts a receipt without a step as step 0', () => {
    const [only] = deliveriesOf([
      audit('1', 'alert.delivered', '2026-03-01T10:00:02Z', { actorId: 'display-b', details: {} }),
    ]);
    expect(only).toMatchObject({ step: 0, screens: 1, to: [{ screen: 'display-b', role: '' }] });
  });
});
