import { eprClient, requestOf, rolesOf, staff } from '../../test/unit/support/staff';
import type { PatientChart } from '../contracts/patient-chart.view';
import { PatientChartController } from './patient-chart.controller';
import type { PatientChartService } from './patient-chart.service';

const PATIENT_ID = '6f1d2c4e-0000-4000-8000-000000000001';
const chart = { patient: { id: PATIENT_ID } } as PatientChart;

function setUp(wardId: string | null = 'maternity-a') {
  const charts = {
    wardOf: jest.fn().mockResolvedValue({ wardId }),
    chart: jest.fn().mockResolvedValue(chart),
  };
  const controller = new PatientChartController(charts as unknown as PatientChartService);
  return { charts, controller };
}

describe('PatientChartController: who may see a patient’s chart', () => {
  it('is open to the ward’s screens and staff, auditors and admins', () => {
    expect(rolesOf(PatientChartController, 'chart')).toEqual([
      'ward-display',
      'midwife',
      'coordinator',
      'auditor',
      'admin',
    ]);
  });

  it('answers the chart to a midwife of the patient’s ward', async () => {
    const { controller, charts } = setUp();
    await expect(controller.chart({ id: PATIENT_ID }, requestOf(staff()))).resolves.toBe(chart);
    expect(charts.chart).toHaveBeenCalledWith(PATIENT_ID);
  });

  it('refuses a patient id that is not a uuid with 400, before reading anything', async () => {
    const { controller, charts } = setUp();
    await expect(controller.chart({ id: 'bed-3' }, requestOf(staff()))).rejects.toMatchObject({
      status: 400,
    });
    expect(charts.wardOf).not.toHaveBeenCalled();
  });

  it('refuses an EPR’s system token with 403', async () => {
    const { controller } = setUp();
    await expect(controller.chart({ id: PATIENT_ID }, requestOf(eprClient))).rejects.toMatchObject({
      status: 403,
    });
  });

  it('answers 404 for a patient Beacon does not know', async () => {
    const { controller, charts } = setUp();
    charts.wardOf.mockResolvedValue(undefined);
    await expect(controller.chart({ id: PATIENT_ID }, requestOf(staff()))).rejects.toMatchObject({
      status: 404,
    });
  });

  it('refuses a midwife a patient on another ward with 403, and reads no chart', async () => {
    const { controller, charts } = setUp('transitional-care');
    await expect(controller.chart({ id: PATIENT_ID }, requestOf(staff()))).rejects.toMatchObject({
      status: 403,
      message: 'you may not see ward transitional-care',
    });
    expect(charts.chart).not.toHaveBeenCalled();
  });

  it('refuses a midwife a patient on no configured ward, and lets a coordinator see her', async () => {
    const { controller } = setUp(null);
    await expect(controller.chart({ id: PATIENT_ID }, requestOf(staff()))).rejects.toMatchObject({
      status: 403,
      message: 'you may not see ward unassigned',
    });
    await expect(controller.chart({ id: PATIENT_ID }, requestOf(staff('coordinator', [])))).resolves.toBe(
      chart,
    );
  });

  it('answers 404 when the patient is gone by the time her chart is read', async () => {
    const { controller, charts } = setUp();
    charts.chart.mockResolvedValue(undefined);
    await expect(controller.chart({ id: PATIENT_ID }, requestOf(staff()))).rejects.toMatchObject({
      status: 404,
    });
  });
});
