import type { Response } from 'express';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import { eprClient, requestOf, rolesOf, staff } from '../../test/unit/support/staff';
import type { MeasuresView } from '../contracts/measures.view';
import { MeasuresController } from './measures.controller';
import type { MeasuresService } from './measures.service';

const coordinator = requestOf(staff('coordinator', []));
const view = {
  from: '2025-04',
  to: '2026-03',
  computedAt: '',
  measures: [],
  notComputed: [],
} as MeasuresView;

function setUp() {
  jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-03-15T12:00:00Z'));
  const measures = {
    compute: jest.fn<Promise<MeasuresView>, unknown[]>().mockResolvedValue(view),
    recordRun: jest.fn<Promise<void>, unknown[]>().mockResolvedValue(undefined),
  };
  const response = { setHeader: jest.fn() };
  const controller = new MeasuresController(measures as unknown as MeasuresService, shippedConfig({}));
  return { measures, response, controller };
}

afterEach(() => jest.restoreAllMocks());

describe('MeasuresController: the unit’s measures', () => {
  it('is for auditors, coordinators and admins, the CSV too', () => {
    expect(rolesOf(MeasuresController, 'list')).toEqual(['auditor', 'coordinator', 'admin']);
    expect(rolesOf(MeasuresController, 'csv')).toEqual(['auditor', 'coordinator', 'admin']);
  });

  it('computes the twelve months up to this one when no months are asked for', async () => {
    const { controller, measures } = setUp();
    await controller.list({}, coordinator);
    expect(measures.compute).toHaveBeenCalledWith('2025-04', '2026-03', undefined);
  });

  it('computes the months and ward asked for, and records the computation with who asked', async () => {
    const { controller, measures } = setUp();
    const query = { from: '2024-01', to: '2024-06', ward: 'maternity-a' };
    await controller.list(query, coordinator);
    expect(measures.compute).toHaveBeenCalledWith('2024-01', '2024-06', 'maternity-a');
    expect(measures.recordRun).toHaveBeenCalledWith({ type: 'user', id: 'coordinator.1' }, 'computed', {
      query,
      role: 'coordinator',
    });
  });

  it.each([
    ['a range that ends before it starts', { from: '2026-02', to: '2026-01' }],
    ['61 months at once', { from: '2021-01', to: '2026-01' }],
    ['a month that is not YYYY-MM', { from: '2026-13' }],
    ['a ward that is not configured', { ward: 'ward-z' }],
  ])('refuses %s with 400, computing nothing', async (_what, query) => {
    const { controller, measures } = setUp();
    await expect(controller.list(query, coordinator)).rejects.toMatchObject({ status: 400 });
    expect(measures.compute).not.toHaveBeenCalled();
  });

  it('allows 60 months at once', async () => {
    const { controller, measures } = setUp();
    await controller.list({ from: '2021-02', to: '2026-01' }, coordinator);
    expect(measures.compute).toHaveBeenCalledWith('2021-02', '2026-01', undefined);
  });

  it('refuses an EPR’s system token with 403', async () => {
    const { controller } = setUp();
    await expect(controller.list({}, requestOf(eprClient))).rejects.toMatchObject({ status: 403 });
  });

  it('records a CSV download as an export, and names the file by its months', async () => {
    const { controller, measures, response } = setUp();
    const csv = await controller.csv({}, coordinator, response as unknown as Response);
    expect(csv.split('\n')[0]).toMatch(/^measure_id,measure_version,title,ward,period,/);
    expect(measures.recordRun).toHaveBeenCalledWith({ type: 'user', id: 'coordinator.1' }, 'exported', {
      format: 'csv',
      query: {},
      role: 'coordinator',
    });
    expect(response.setHeader).toHaveBeenCalledWith(
      'Content-Disposition',
      'attachment; filename="beacon-measures-2025-04-to-2026-03.csv"',
    );
  });
});
