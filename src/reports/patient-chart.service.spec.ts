import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { NumericParameterView } from '../contracts/patient-chart.view';
import { MAX_SETS, PatientChartService } from './patient-chart.service';
import type {
  MarkerRow,
  PatientChartRepository,
  PatientRow,
  SetRow,
} from './persistence/patient-chart.repository';

const config = shippedConfig({});
const PATIENT_ID = '6f1d2c4e-0000-4000-8000-000000000001';

const patient = (overrides: Partial<PatientRow> = {}): PatientRow => ({
  id: PATIENT_ID,
  name: 'jane anne doe smith',
  bed: 'Bed 3',
  ward_id: 'maternity-a',
  ...overrides,
});

const set = (id: string, at: string, overrides: Partial<SetRow> = {}): SetRow => ({
  id,
  effective_at: new Date(at),
  chart_id: 'news2',
  chart_version: '1.0.0',
  chart_verification: 'verified',
  total: 1,
  clinical_risk: 'low',
  complete: true,
  parameters: [],
  missing: null,
  concern: null,
  readings: [],
  ...overrides,
});

const marker = (type: string, details: MarkerRow['details'] = {}): MarkerRow => ({
  alert_id: 'alert-1',
  kind: 'deterioration',
  type,
  occurred_at: new Date('2026-03-01T10:00:00Z'),
  details,
});

function setUp() {
  const repository = {
    patient: jest.fn<Promise<PatientRow | undefined>, [string]>().mockResolvedValue(patient()),
    recentSets: jest.fn<Promise<SetRow[]>, [string, number]>().mockResolvedValue([]),
    markers: jest.fn<Promise<MarkerRow[]>, [string, readonly string[]]>().mockResolvedValue([]),
  };
  const service = new PatientChartService(repository as unknown as PatientChartRepository, config);
  return { repository, service };
}

describe('PatientChartService: a patient’s observation chart', () => {
  it('knows no chart, and reads no sets, for a patient Beacon does not know', async () => {
    const { service, repository } = setUp();
    repository.patient.mockResolvedValue(undefined);
    await expect(service.chart(PATIENT_ID)).resolves.toBeUndefined();
    await expect(service.wardOf(PATIENT_ID)).resolves.toBeUndefined();
    expect(repository.recentSets).not.toHaveBeenCalled();
  });

  it('tells the ward a patient is on, null when she is on no configured ward', async () => {
    const { service, repository } = setUp();
    await expect(service.wardOf(PATIENT_ID)).resolves.toEqual({ wardId: 'maternity-a' });
    repository.patient.mockResolvedValue(patient({ ward_id: null }));
    await expect(service.wardOf(PATIENT_ID)).resolves.toEqual({ wardId: null });
  });

  it('shows her initials (three at most), bed and ward by its configured name', async () => {
    const { service } = setUp();
    const chart = await service.chart(PATIENT_ID);
    expect(chart?.patient).toEqual({
      id: PATIENT_ID,
      initials: 'JAD',
      bed: 'Bed 3',
      wardId: 'maternity-a',
      wardName: 'Maternity Ward A (antenatal and postnatal)',
    });
  });

  it('gives no ward name for a patient on no configured ward', async () => {
    const { service, repository } = setUp();
    repository.patient.mockResolvedValue(patient({ ward_id: null, name: null }));
    const chart = await service.chart(PATIENT_ID);
    expect(chart?.patient).toMatchObject({ initials: '?', wardId: null, wardName: null });
  });

  it('asks for one set more than it charts, and is not truncated when the stay fits', async () => {
    const { service, repository } = setUp();
    repository.recentSets.mockResolvedValue([set('s1', '2026-03-01T08:00:00Z')]);
    const chart = await service.chart(PATIENT_ID);
    expect(repository.recentSets).toHaveBeenCalledWith(PATIENT_ID, MAX_SETS + 1);
    expect(chart?.truncated).toBe(false);
    expect(chart?.sets.map((each) => each.id)).toEqual(['s1']);
  });

  it('leaves out the oldest set, and says so, when the stay has more sets than one answer carries', async () => {
    const { service, repository } = setUp();
    const start = Date.parse('2026-01-01T00:00:00Z');
    const rows = Array.from({ length: 7001 }, (_, index) =>
      set(`s${index}`, new Date(start + index * 900_000).toISOString()),
    );
    repository.recentSets.mockResolvedValue(rows);
    const chart = await service.chart(PATIENT_ID);
    expect(chart?.truncated).toBe(true);
    expect(chart?.sets).toHaveLength(7000);
    expect(chart?.sets[0]?.id).toBe('s1');
    expect(chart?.sets.at(-1)?.id).toBe('s7000');
  });

  it('charts each set’s scored values, a missing list and no concern when none was recorded', async () => {
    const { service, repository } = setUp();
    repository.recentSets.mockResolvedValue([
      set('s1', '2026-03-01T08:00:00Z', {
        complete: false,
        parameters: [{ parameter: 'heartRate', value: 112, score: 2 }] as SetRow['parameters'],
        missing: ['temperature'],
        concern: true,
      }),
      set('s2', '2026-03-01T09:00:00Z'),
    ]);
    const chart = await service.chart(PATIENT_ID);
    expect(chart?.sets[0]).toMatchObject({
      complete: false,
      missing: ['temperature'],
      concern: true,
      values: { heartRate: { value: 112, score: 2 } },
    });
    expect(chart?.sets[1]).toMatchObject({ missing: [], concern: false, values: {} });
  });

  it('draws the charts used in order of first use, leaving out a chart no longer loaded', async () => {
    const { service, repository } = setUp();
    repository.recentSets.mockResolvedValue([
      set('s1', '2026-03-01T08:00:00Z', { chart_id: 'mews' }),
      set('s2', '2026-03-01T09:00:00Z', { chart_id: 'retired-chart' }),
      set('s3', '2026-03-01T10:00:00Z', { chart_id: 'news2' }),
      set('s4', '2026-03-01T11:00:00Z', { chart_id: 'mews' }),
    ]);
    const chart = await service.chart(PATIENT_ID);
    expect(chart?.charts.map((each) => each.id)).toEqual(['mews', 'news2']);
  });

  it('draws the SpO2 band table the latest reading was scored against (scale 2, on oxygen)', async () => {
    const { service, repository } = setUp();
    repository.recentSets.mockResolvedValue([
      set('s1', '2026-03-01T08:00:00Z', {
        parameters: [{ parameter: 'oxygenSaturation', value: 95, score: 1 }] as SetRow['parameters'],
        readings: [{ field: 'spo2Scale', value: 1 }],
      }),
      set('s2', '2026-03-01T09:00:00Z', {
        parameters: [{ parameter: 'oxygenSaturation', value: 97, score: 3 }] as SetRow['parameters'],
        readings: [
          { field: 'spo2Scale', value: 2 },
          { field: 'onSupplementalOxygen', value: true },
          { field: 'oxygenSaturation', value: 97 },
        ],
      }),
    ]);
    const chart = await service.chart(PATIENT_ID);
    const spo2 = chart?.charts[0]?.parameters.find(
      (parameter) => parameter.id === 'oxygenSaturation',
    ) as NumericParameterView;
    expect(spo2.bandsNote).toBe('SpO2 scale: 2, Air or oxygen: Oxygen');
    expect(spo2.bands.at(-1)).toMatchObject({ from: 97, to: 100, score: 3 });
  });

  it('marks each alert step with its level, escalation step and who acted', async () => {
    const { service, repository } = setUp();
    repository.markers.mockResolvedValue([
      marker('alert.raised', { level: 'urgent-review' }),
      marker('alert.escalated', { level: 'emergency', step: 1 }),
      marker('alert.acknowledged', { actor: { name: 'Amara Okafor' } }),
      marker('alert.resolved', { step: '2', actor: { name: 42 } }),
    ]);
    const chart = await service.chart(PATIENT_ID);
    expect(repository.markers).toHaveBeenCalledWith(PATIENT_ID, [
      'alert.raised',
      'alert.escalated',
      'alert.acknowledged',
      'alert.resolved',
    ]);
    expect(chart?.markers.map(({ event, level, step, by }) => ({ event, level, step, by }))).toEqual([
      { event: 'raised', level: 'urgent-review', step: null, by: null },
      { event: 'escalated', level: 'emergency', step: 1, by: null },
      { event: 'acknowledged', level: null, step: null, by: 'Amara Okafor' },
      { event: 'resolved', level: null, step: null, by: null },
    ]);
  });
});
