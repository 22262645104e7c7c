import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { TileRow, WardBoardRepository } from './persistence/ward-board.repository';
import { WardBoardService } from './ward-board.service';

const config = shippedConfig({});

type SetOfTile = NonNullable<TileRow['sets']>[number];

const scored = (total: number, overrides: Partial<SetOfTile> = {}): SetOfTile => ({
  id: `set-${total}`,
  effective_at: '2026-03-01T10:00:00.000Z',
  total,
  clinical_risk: 'low',
  escalate: false,
  complete: true,
  chart_id: 'mews',
  patient_group: 'antenatal',
  missing: null,
  concern: null,
  interval: 240,
  ...overrides,
});

const tile = (bed: string | null, name: string, sets: SetOfTile[] | null = null): TileRow => ({
  id: `patient-${bed ?? name}`,
  name,
  bed,
  ward_id: 'maternity-a',
  overdue: false,
  unscored_since: null,
  sets,
});

function setUp(rows: TileRow[] = []) {
  const repository = {
    tilesOfWard: jest.fn<Promise<TileRow[]>, [string]>().mockResolvedValue(rows),
    tileOfPatient: jest.fn<Promise<TileRow | undefined>, [string]>().mockResolvedValue(rows[0]),
  };
  const service = new WardBoardService(repository as unknown as WardBoardRepository, config);
  return { repository, service };
}

describe('WardBoardService: the beds of a ward as its display shows them', () => {
  it('lists beds in the order a ward numbers them (Bed 2 before Bed 10), beds unknown last', async () => {
    const { service } = setUp([
      tile('Bed 10', 'Ada Brown'),
      tile(null, 'Zoe Clark'),
      tile('Bed 2', 'Mary Jones'),
      tile(null, 'Beth Adams'),
      tile('Bed 1', 'Kate Hill'),
    ]);
    const tiles = await service.tiles('maternity-a');
    expect(tiles.map((each) => [each.bed, each.initials])).toEqual([
      ['Bed 1', 'KH'],
      ['Bed 2', 'MJ'],
      ['Bed 10', 'AB'],
      [null, 'BA'],
      [null, 'ZC'],
    ]);
  });

  it('shows the latest set and its trend against the one before: worse, better or the same', async () => {
    const { service } = setUp([
      tile('Bed 1', 'Worse Now', [scored(5), scored(3)]),
      tile('Bed 2', 'Better Now', [scored(2), scored(4)]),
      tile('Bed 3', 'Same Now', [scored(4), scored(4)]),
      tile('Bed 4', 'First Set', [scored(6)]),
    ]);
    const tiles = await service.tiles('maternity-a');
    expect(tiles.map(({ latest, previousTotal, trend }) => [latest?.total, previousTotal, trend])).toEqual([
      [5, 3, 'worse'],
      [2, 4, 'better'],
      [4, 4, 'same'],
      [6, null, null],
    ]);
  });

  it('says when the next set is due from the chart’s observation interval', async () => {
    const { service } = setUp([
      tile('Bed 1', 'Four Hourly', [scored(1, { effective_at: '2026-03-01T10:00:00Z', interval: 240 })]),
      tile('Bed 2', 'Continuous', [scored(9, { interval: null })]),
    ]);
    const [fourHourly, continuous] = await service.tiles('maternity-a');
    expect(fourHourly?.nextDueAt).toBe('2026-03-01T14:00:00.000Z');
    expect(continuous?.nextDueAt).toBeNull();
  });

  it('shows a bed with no scored set yet without a score, a trend or a due time', async () => {
    const { service } = setUp([{ ...tile('Bed 5', 'New Admission'), overdue: true }]);
    const [only] = await service.tiles('maternity-a');
    expect(only).toEqual({
      patientId: 'patient-Bed 5',
      wardId: 'maternity-a',
      bed: 'Bed 5',
      initials: 'NA',
      group: null,
      chartId: null,
      latest: null,
      previousTotal: null,
      trend: null,
      nextDueAt: null,
      overdue: true,
      unscoredSince: null,
    });
  });

  it('says since when a bed’s readings have waited to be scored', async () => {
    const { service } = setUp([
      { ...tile('Bed 6', 'Waiting Readings'), unscored_since: new Date('2026-03-01T09:55:00Z') },
    ]);
    const [only] = await service.tiles('maternity-a');
    expect(only).toMatchObject({ latest: null, unscoredSince: '2026-03-01T09:55:00.000Z' });
  });

  it('carries the latest set’s missing parameters and concern, and no chart id for a chart no longer loaded', async () => {
    const { service } = setUp([
      tile('Bed 1', 'Ann Lee', [
        scored(3, { chart_id: 'retired', complete: false, missing: ['temperature'], concern: true }),
      ]),
    ]);
    const [only] = await service.tiles('maternity-a');
    expect(only?.chartId).toBeNull();
    expect(only?.latest).toMatchObject({ complete: false, missing: ['temperature'], concern: true });
  });

  it('reads one patient’s tile, and nothing for a patient not there', async () => {
    const { service, repository } = setUp([tile('Bed 3', 'Jane Doe', [scored(7)])]);
    await expect(service.tile('patient-Bed 3')).resolves.toMatchObject({ bed: 'Bed 3', chartId: 'mews' });
    repository.tileOfPatient.mockResolvedValue(undefined);
    await expect(service.tile('patient-9')).resolves.toBeUndefined();
  });

  it('lists each chart a ward uses once, for its legend; none for an unknown ward', () => {
    const { service } = setUp();
    expect(service.charts('maternity-a').map((chart) => chart.id)).toEqual(['mews', 'newtt2', 'news2']);
    expect(service.charts('no-such-ward')).toEqual([]);
    expect(service.charts(null)).toEqual([]);
  });

  it('names a chart for a tile in capitals, with its risk levels', () => {
    const { service } = setUp();
    const [mews] = service.charts('maternity-a');
    expect(mews).toMatchObject({ id: 'mews', name: 'MEWS', verification: 'unverified' });
    expect(mews?.riskLevels.map((level) => [level.id, level.escalate])).toEqual([
      ['low', false],
      ['medium', true],
      ['high', true],
    ]);
  });
});
