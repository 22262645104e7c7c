import type { Response } from 'express';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import { eprClient, requestOf, rolesOf, staff } from '../../test/unit/support/staff';
import type { AuditReader } from '../audit/audit-reader';
import type { EscalationRow } from '../contracts/escalation-list.view';
import { AuditAlertsController, MAX_CSV_ROWS } from './audit-alerts.controller';
import type { EscalationListService } from './escalation-list.service';

const auditor = requestOf(staff('auditor', []));
const row = {
  id: 'alert-1',
  times: { raisedAt: '2026-03-01T10:00:00.000Z' },
  durations: {},
} as EscalationRow;

function setUp() {
  const escalations = {
    page: jest.fn((filters: unknown, page: number, pageSize: number) =>
      Promise.resolve({ rows: [row, row], total: 75, page, pageSize, filters, options: {} }),
    ),
    all: jest.fn().mockResolvedValue({ rows: [row], total: 1 }),
  };
  const audit = { recordAccess: jest.fn().mockResolvedValue(undefined) };
  const response = { setHeader: jest.fn() };
  const controller = new AuditAlertsController(
    escalations as unknown as EscalationListService,
    audit as unknown as AuditReader,
    shippedConfig({}),
  );
  return { escalations, audit, response, controller };
}

const csvOf = (controller: AuditAlertsController, query: unknown, response: { setHeader: jest.Mock }) =>
  controller.csv(query, auditor, response as unknown as Response);

describe('AuditAlertsController: the auditor’s escalation list', () => {
  it('is for auditors and admins only, the CSV too', () => {
    expect(rolesOf(AuditAlertsController, 'list')).toEqual(['auditor', 'admin']);
    expect(rolesOf(AuditAlertsController, 'csv')).toEqual(['auditor', 'admin']);
  });

  it('answers the first page of 50 when no page is asked for', async () => {
    const { controller, escalations } = setUp();
    await controller.list({}, auditor);
    expect(escalations.page).toHaveBeenCalledWith({}, 1, 50);
  });

  it('passes the filters without the paging, and the page asked for', async () => {
    const { controller, escalations } = setUp();
    await controller.list({ ward: 'unassigned', late: 'true', page: '4', pageSize: '200' }, auditor);
    expect(escalations.page).toHaveBeenCalledWith({ ward: 'unassigned', late: true }, 4, 200);
  });

  it.each([
    ['a page size over 200', { pageSize: '201' }, 'query.pageSize'],
    ['page 0', { page: '0' }, 'query.page'],
    ['a ward that is not configured', { ward: 'ward-z' }, 'query.ward'],
    ['a misspelt filter', { wards: 'maternity-a' }, 'query'],
    [
      'a range that ends before it starts',
      { from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' },
      'query.to',
    ],
  ])('refuses %s with 400 naming the field, and reads nothing', async (_what, query, field) => {
    const { controller, escalations, audit } = setUp();
    const refused = controller.list(query, auditor);
    await expect(refused).rejects.toMatchObject({ status: 400 });
    await expect(refused).rejects.toHaveProperty('issues.0.expression', field);
    expect(escalations.page).not.toHaveBeenCalled();
    expect(audit.recordAccess).not.toHaveBeenCalled();
  });

  it('records who looked at which filters and how many rows they saw', async () => {
    const { controller, audit } = setUp();
    await controller.list({ kind: 'concern' }, auditor);
    expect(audit.recordAccess).toHaveBeenCalledWith(
      { type: 'user', id: 'auditor.1' },
      { what: 'escalation list', query: { kind: 'concern' }, returned: 2, role: 'auditor' },
    );
  });

  it('refuses an EPR’s system token with 403', async () => {
    const { controller } = setUp();
    await expect(controller.list({}, requestOf(eprClient))).rejects.toMatchObject({ status: 403 });
  });
});

describe('AuditAlertsController: the CSV export', () => {
  it('exports every matching row, up to the limit, as an audited download', async () => {
    const { controller, escalations, audit, response } = setUp();
    const csv = await csvOf(controller, { ward: 'maternity-a' }, response);
    expect(escalations.all).toHaveBeenCalledWith({ ward: 'maternity-a' }, MAX_CSV_ROWS);
    expect(csv.split('\n')[1]).toMatch(/^alert-1,2026-03-01T10:00:00.000Z,/);
    expect(response.setHeader).toHaveBeenCalledWith('Content-Type', 'text/csv; charset=utf-8');
    expect(audit.recordAccess).toHaveBeenCalledWith(
      { type: 'user', id: 'auditor.1' },
      { what: 'escalation list (CSV)', query: { ward: 'maternity-a' }, returned: 1, role: 'auditor' },
    );
  });

  it('takes no page: it has every row', async () => {
    const { controller, escalations, response } = setUp();
    await expect(csvOf(controller, { page: '2' }, response)).rejects.toMatchObject({ status: 400 });
    expect(escalations.all).not.toHaveBeenCalled();
  });

  it('exports exactly 10,000 matching rows', async () => {
    const { controller, escalations, response } = setUp();
    escalations.all.mockResolvedValue({ rows: [row], total: 10_000 });
    await expect(csvOf(controller, {}, response)).resolves.toContain('alert-1');
  });

  it('refuses 10,001 matching rows with 400 asking for a narrower range, unaudited and with no file', async () => {
    const { controller, escalations, audit, response } = setUp();
    escalations.all.mockResolvedValue({ rows: [row], total: 10_001 });
    const refused = csvOf(controller, {}, response);
    await expect(refused).rejects.toMatchObject({ status: 400 });
    await expect(refused).rejects.toThrow('10001 escalations match, at most 10000');
    expect(audit.recordAccess).not.toHaveBeenCalled();
    expect(response.setHeader).not.toHaveBeenCalled();
  });
});
