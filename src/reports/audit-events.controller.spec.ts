import { eprClient, requestOf, rolesOf, staff } from '../../test/unit/support/staff';
import type { AuditReader, AuditRow } from '../audit/audit-reader';
import { AuditEventsController } from './audit-events.controller';
import type { Timeline, TimelineService } from './timeline.service';

const ALERT_ID = '0c9a3b1e-0000-4000-8000-000000000001';
const auditor = requestOf(staff('auditor', []));
const rowsUpTo = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ id: String(index + 1) }) as AuditRow);

function setUp() {
  const timelines = {
    timeline: jest
      .fn<Promise<Partial<Timeline> | undefined>, [string]>()
      .mockResolvedValue({ chainIntact: true }),
  };
  const audit = {
    recordAccess: jest.fn().mockResolvedValue(undefined),
    events: jest.fn().mockResolvedValue(rowsUpTo(3)),
  };
  const controller = new AuditEventsController(
    timelines as unknown as TimelineService,
    audit as unknown as AuditReader,
  );
  return { timelines, audit, controller };
}

describe('AuditEventsController: an escalation’s timeline', () => {
  it('is for auditors, coordinators and admins', () => {
    expect(rolesOf(AuditEventsController, 'timeline')).toEqual(['auditor', 'coordinator', 'admin']);
  });

  it('answers the timeline and records that this person viewed it', async () => {
    const { controller, audit } = setUp();
    await expect(controller.timeline(ALERT_ID, requestOf(staff('coordinator', [])))).resolves.toEqual({
      chainIntact: true,
    });
    expect(audit.recordAccess).toHaveBeenCalledWith(
      { type: 'user', id: 'coordinator.1' },
      { what: 'alert timeline', alertId: ALERT_ID, role: 'coordinator' },
    );
  });

  it('answers 404 for an alert that does not exist, and records no view', async () => {
    const { controller, timelines, audit } = setUp();
    timelines.timeline.mockResolvedValue(undefined);
    await expect(controller.timeline(ALERT_ID, auditor)).rejects.toMatchObject({ status: 404 });
    expect(audit.recordAccess).not.toHaveBeenCalled();
  });

  it('refuses an EPR’s system token with 403', async () => {
    const { controller, timelines } = setUp();
    await expect(controller.timeline(ALERT_ID, requestOf(eprClient))).rejects.toMatchObject({ status: 403 });
    expect(timelines.timeline).not.toHaveBeenCalled();
  });
});

describe('AuditEventsController: the raw audit events, 1000 at a time', () => {
  it('is for auditors and admins only', () => {
    expect(rolesOf(AuditEventsController, 'events')).toEqual(['auditor', 'admin']);
  });

  it('starts from the first event when no cursor is given, and says there is no next page', async () => {
    const { controller, audit } = setUp();
    await expect(controller.events({ ward: 'maternity-a' }, auditor)).resolves.toMatchObject({ next: null });
    expect(audit.events).toHaveBeenCalledWith({ ward: 'maternity-a', after: '0' });
  });

  it('gives the last id as the next cursor when a full page of 1000 came back', async () => {
    const { controller, audit } = setUp();
    audit.events.mockResolvedValue(rowsUpTo(1000));
    await expect(controller.events({ after: '5000' }, auditor)).resolves.toMatchObject({ next: '1000' });
    expect(audit.events).toHaveBeenCalledWith({ after: '5000' });
  });

  it('says there is no next page after 999 events', async () => {
    const { controller, audit } = setUp();
    audit.events.mockResolvedValue(rowsUpTo(999));
    await expect(controller.events({}, auditor)).resolves.toMatchObject({ next: null });
  });

  it.each([
    ['a cursor of 19 digits', { after: '1234567890123456789' }],
    ['a cursor that is not a number', { after: '12a' }],
    ['a time without a zone', { from: '2026-03-01T10:00:00' }],
    ['an unknown parameter', { patient: 'x' }],
  ])('refuses %s with 400, and reads nothing', async (_what, query) => {
    const { controller, audit } = setUp();
    await expect(controller.events(query, auditor)).rejects.toMatchObject({ status: 400 });
    expect(audit.events).not.toHaveBeenCalled();
  });

  it('accepts a cursor of 18 digits', async () => {
    const { controller, audit } = setUp();
    await controller.events({ after: '123456789012345678' }, auditor);
    expect(audit.events).toHaveBeenCalledWith({ after: '123456789012345678' });
  });

  it('records the query and how many events were returned', async () => {
    const { controller, audit } = setUp();
    await controller.events({ from: '2026-03-01T00:00:00Z' }, auditor);
    expect(audit.recordAccess).toHaveBeenCalledWith(
      { type: 'user', id: 'auditor.1' },
      { what: 'audit events', query: { from: '2026-03-01T00:00:00Z' }, returned: 3, role: 'auditor' },
    );
  });
});
