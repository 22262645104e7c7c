import { rolesOf } from '../../test/unit/support/staff';
import type { ChartDiffView, ChartPageView } from '../contracts/charts.view';
import { ChartsController } from './charts.controller';
import type { ChartsService } from './charts.service';

function setUp() {
  const charts = {
    page: jest
      .fn<Promise<ChartPageView | undefined>, [string]>()
      .mockResolvedValue({ hash: 'h' } as ChartPageView),
    diff: jest
      .fn<Promise<ChartDiffView | { missing: string }>, [string, string, string]>()
      .mockResolvedValue({ id: 'mews', from: 'a', to: 'b', changes: [] }),
  };
  return { charts, controller: new ChartsController(charts as unknown as ChartsService) };
}

describe('ChartsController: the charts as clinicians read them', () => {
  it('is open to every staff role', () => {
    expect(rolesOf(ChartsController, 'chart')).toEqual([
      'ward-display',
      'midwife',
      'coordinator',
      'auditor',
      'admin',
    ]);
  });

  it('refuses a chart id that is not lower-case letters, digits and hyphens with 400, reading nothing', async () => {
    const { controller, charts } = setUp();
    await expect(controller.chart('MEWS')).rejects.toMatchObject({ status: 400 });
    await expect(controller.chart('../mews')).rejects.toMatchObject({ status: 400 });
    expect(charts.page).not.toHaveBeenCalled();
  });

  it('answers 404 naming a chart that is not loaded', async () => {
    const { controller, charts } = setUp();
    charts.page.mockResolvedValue(undefined);
    await expect(controller.chart('apgar')).rejects.toMatchObject({
      status: 404,
      message: 'id: no chart apgar is loaded',
    });
  });

  it('compares the two versions asked for', async () => {
    const { controller, charts } = setUp();
    await controller.diff('mews', { from: ' placeholder-2025.9 ', to: 'placeholder-2026.1' });
    expect(charts.diff).toHaveBeenCalledWith('mews', 'placeholder-2025.9', 'placeholder-2026.1');
  });

  it('refuses a comparison without both versions with 400', async () => {
    const { controller, charts } = setUp();
    await expect(controller.diff('mews', { from: 'placeholder-2025.9' })).rejects.toMatchObject({
      status: 400,
    });
    expect(charts.diff).not.toHaveBeenCalled();
  });

  it('answers 404 with the service’s reason when a version does not exist', async () => {
    const { controller, charts } = setUp();
    charts.diff.mockResolvedValue({ missing: 'from: chart mews has no version old (in use or signed)' });
    await expect(controller.diff('mews', { from: 'old', to: 'placeholder-2026.1' })).rejects.toMatchObject({
      status: 404,
      message: 'from: chart mews has no version old (in use or signed)',
    });
  });
});
