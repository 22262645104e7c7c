import { shippedConfig } from '../../test/unit/support/shipped-config';
import { staff } from '../../test/unit/support/staff';
import type { AlertViews } from '../alerts/alert-views';
import type { WardBoardService } from '../reports/ward-board.service';
import { BoardSnapshots } from './board-snapshots';
import type { WardSequence } from './ward-sequence';

const config = shippedConfig({});

function setUp() {
  const sequence = {
    current: jest.fn((wards: readonly string[]) => Promise.resolve(new Map(wards.map((ward) => [ward, 41])))),
  };
  const board = {
    tiles: jest.fn().mockResolvedValue([{ patientId: 'patient-1' }]),
    charts: jest.fn().mockReturnValue([{ id: 'mews' }]),
  };
  const alerts = { openAlerts: jest.fn().mockResolvedValue([{ id: 'alert-1' }]) };
  const snapshots = new BoardSnapshots(
    config,
    sequence as unknown as WardSequence,
    board as unknown as WardBoardService,
    alerts as unknown as AlertViews,
  );
  return { sequence, board, alerts, snapshots };
}

describe('BoardSnapshots: who may watch which ward board', () => {
  it('lets a midwife watch her own wards only', () => {
    const { snapshots } = setUp();
    expect(snapshots.wardsOf(staff('midwife', ['transitional-care']))).toEqual([
      { id: 'transitional-care', name: 'Transitional Care (postnatal newborns)' },
    ]);
  });

  it('lets a coordinator watch every ward and the patients on no configured ward', () => {
    const { snapshots } = setUp();
    expect(snapshots.wardsOf(staff('coordinator', [])).map((ward) => ward.id)).toEqual([
      'maternity-a',
      'transitional-care',
      'general-surgical',
      'unassigned',
    ]);
  });

  it('gives an auditor no boards to watch (auditors review timelines)', () => {
    const { snapshots } = setUp();
    expect(snapshots.wardsOf(staff('auditor', []))).toEqual([]);
    expect(() => snapshots.authorise(staff('auditor', []), 'maternity-a')).toThrow(
      expect.objectContaining({ status: 403 }) as Error,
    );
  });

  it('refuses a ward that does not exist with 404', () => {
    const { snapshots } = setUp();
    expect(() => snapshots.authorise(staff('coordinator', []), 'ward-z')).toThrow(
      'wardId: there is no ward ward-z',
    );
  });

  it('refuses a midwife another ward, and the unassigned patients, with 403', () => {
    const { snapshots } = setUp();
    const midwife = staff('midwife', ['maternity-a']);
    expect(() => snapshots.authorise(midwife, 'maternity-a')).not.toThrow();
    expect(() => snapshots.authorise(midwife, 'transitional-care')).toThrow(
      'wardId: you may not see ward transitional-care',
    );
    expect(() => snapshots.authorise(midwife, 'unassigned')).toThrow(
      'wardId: you may not see ward unassigned',
    );
    expect(() => snapshots.authorise(staff('coordinator', []), 'unassigned')).not.toThrow();
  });
});

describe('BoardSnapshots: a ward’s board as of its sequence number', () => {
  it('reads the ward’s number before its beds and alerts, so no event is newer than the snapshot', async () => {
    const { snapshots, sequence, board, alerts } = setUp();
    const snapshot = await snapshots.snapshot('maternity-a');
    const [numberRead] = sequence.current.mock.invocationCallOrder;
    expect(numberRead).toBeLessThan(board.tiles.mock.invocationCallOrder[0] ?? 0);
    expect(numberRead).toBeLessThan(alerts.openAlerts.mock.invocationCallOrder[0] ?? 0);
    expect(snapshot).toMatchObject({
      wardId: 'maternity-a',
      seq: 41,
      wardName: 'Maternity Ward A (antenatal and postnatal)',
      clinicalMode: 'demo',
      charts: [{ id: 'mews' }],
      beds: [{ patientId: 'patient-1' }],
      alerts: [{ id: 'alert-1' }],
      heartbeatSeconds: 5,
    });
    expect(alerts.openAlerts).toHaveBeenCalledWith('maternity-a');
  });

  it('starts a ward that has had no event at number 0', async () => {
    const { snapshots, sequence } = setUp();
    sequence.current.mockResolvedValue(new Map());
    await expect(snapshots.snapshot('maternity-a')).resolves.toMatchObject({ seq: 0 });
  });

  it('shows the unassigned patients’ alerts with no beds and every chart in use', async () => {
    const { snapshots, board, alerts } = setUp();
    const snapshot = await snapshots.snapshot('unassigned');
    expect(board.tiles).not.toHaveBeenCalled();
    expect(alerts.openAlerts).toHaveBeenCalledWith(null);
    expect(snapshot.beds).toEqual([]);
    expect(snapshot.wardName).toBe('Patients on no configured ward');
    expect(snapshot.charts.map((chart) => chart.id)).toEqual(['mews', 'newtt2', 'news2']);
  });
});
