import { shippedConfig } from '../../test/unit/support/shipped-config';
import { eprClient, requestOf } from '../../test/unit/support/staff';
import type { MeasureSeriesView, MeasuresView } from '../contracts/measures.view';
import { MEASURES } from './domain/catalogue';
import { MeasuresFhirController } from './measures-fhir.controller';
import type { MeasuresService } from './measures.service';

const series = (ward: string): MeasureSeriesView => ({
  ward,
  wardName: ward,
  chart: 'xmr',
  points: [],
  variation: null,
  assurance: null,
});

function setUp() {
  const escAck = MEASURES.find((measure) => measure.id === 'ESC-ACK');
  const view = {
    from: '2026-01',
    to: '2026-01',
    computedAt: '2026-03-01T00:00:00.000Z',
    measures: [{ definition: escAck, series: [series('all'), series('maternity-a')] }],
    notComputed: [],
  } as unknown as MeasuresView;
  const measures = {
    compute: jest.fn<Promise<MeasuresView>, unknown[]>().mockResolvedValue(view),
    recordRun: jest.fn<Promise<void>, unknown[]>().mockResolvedValue(undefined),
  };
  const controller = new MeasuresFhirController(measures as unknown as MeasuresService, shippedConfig({}));
  return { measures, controller };
}

describe('MeasuresFhirController: MeasureReports for a regional dashboard', () => {
  it('lists every measure Beacon computes as a FHIR Measure', () => {
    const { controller } = setUp();
    const bundle = controller.list();
    expect(bundle.total).toBe(MEASURES.length);
    expect(bundle.entry?.[0]?.fullUrl).toBe(`http://127.0.0.1:3000/fhir/Measure/${MEASURES[0]?.id ?? ''}`);
  });

  it('answers one summary report per series for the month asked, and audits the read as the client’s export', async () => {
    const { controller, measures } = setUp();
    const bundle = await controller.reports({ measure: 'ESC-ACK', period: '2026-01' }, requestOf(eprClient));
    expect(measures.compute).toHaveBeenCalledWith('2026-01', '2026-01');
    expect(bundle.entry?.map((entry) => entry.resource?.id)).toEqual([
      'ESC-ACK-all-2026-01',
      'ESC-ACK-maternity-a-2026-01',
    ]);
    expect(measures.recordRun).toHaveBeenCalledWith({ type: 'client', id: 'epr-1' }, 'exported', {
      format: 'fhir',
      measure: 'ESC-ACK',
      period: '2026-01',
    });
  });

  it('finds a measure by its canonical URL, with or without a version', async () => {
    const { controller, measures } = setUp();
    const url = 'http://127.0.0.1:3000/fhir/Measure/ESC-ACK';
    await controller.reports({ measure: `${url}|1`, period: '2026-01' }, requestOf(eprClient));
    await controller.reports({ measure: url, period: '2026-01' }, requestOf(eprClient));
    expect(measures.compute).toHaveBeenCalledTimes(2);
  });

  it('refuses a measure it does not compute with 400 naming the parameter, and audits nothing', async () => {
    const { controller, measures } = setUp();
    const refused = controller.reports({ measure: 'M-99', period: '2026-01' }, requestOf(eprClient));
    await expect(refused).rejects.toMatchObject({ status: 400 });
    await expect(refused).rejects.toHaveProperty('issues.0.expression', 'query.measure');
    expect(measures.recordRun).not.toHaveBeenCalled();
  });

  it('refuses a request without a period with 400', async () => {
    const { controller } = setUp();
    await expect(controller.reports({ measure: 'ESC-ACK' }, requestOf(eprClient))).rejects.toMatchObject({
      status: 400,
    });
  });
});
