import type { DataSource, EntityManager } from 'typeorm';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { SignOff } from './chart-sign-off';
import { ChartsService } from './charts.service';
import type { ChartSignOffEntity } from './persistence/chart-sign-off.entity';
import { allSignOffs, latestSignOffOfVersion } from './persistence/chart-sign-off.repository';

jest.mock('./persistence/chart-sign-off.repository');

const config = shippedConfig({});
const mews = config.charts.get('mews');
const mewsHash = config.charts.hashOf('mews') ?? '';

const signOff = (overrides: Partial<SignOff> = {}): SignOff => ({
  chartId: 'mews',
  chartVersion: mews.version,
  contentSha256: mewsHash,
  sourceSha256: 'a'.repeat(64),
  signedBy: 'Dr A Obstetrician',
  role: 'Clinical safety officer',
  signedAt: new Date('2026-01-10T09:00:00Z'),
  ...overrides,
});

const manager = {} as EntityManager;

function setUp(signOffs: SignOff[] = [], signedVersion?: Partial<ChartSignOffEntity>) {
  jest.mocked(allSignOffs).mockResolvedValue(signOffs as ChartSignOffEntity[]);
  const latest = jest
    .mocked(latestSignOffOfVersion)
    .mockResolvedValue(signedVersion as ChartSignOffEntity | undefined);
  const service = new ChartsService(config, { manager } as unknown as DataSource);
  return { latest, service };
}

afterEach(() => jest.resetAllMocks());

describe('ChartsService: a chart page', () => {
  it('has no page for a chart that is not loaded', async () => {
    const { service } = setUp();
    await expect(service.page('apgar')).resolves.toBeUndefined();
  });

  it('shows the latest sign-off of exactly this content, not one of other content', async () => {
    const { service } = setUp([
      signOff({ signedBy: 'First signer' }),
      signOff({ signedBy: 'Second signer', signedAt: new Date('2026-02-01T09:00:00Z') }),
      signOff({ signedBy: 'Signed other content', contentSha256: 'f'.repeat(64) }),
      signOff({ signedBy: 'Signed another chart', chartId: 'news2' }),
    ]);
    const page = await service.page('mews');
    expect(page?.hash).toBe(mewsHash);
    expect(page?.signOff).toEqual({
      signedBy: 'Second signer',
      role: 'Clinical safety officer',
      signedAt: '2026-02-01T09:00:00.000Z',
      sourceSha256: 'a'.repeat(64),
    });
  });

  it('shows no sign-off for content nobody signed', async () => {
    const { service } = setUp([signOff({ contentSha256: 'f'.repeat(64) })]);
    await expect(service.page('mews')).resolves.toMatchObject({ signOff: null });
  });

  it('offers every signed version and the one in use to compare, each once, oldest first', async () => {
    const { service } = setUp([
      signOff({ chartVersion: 'placeholder-2025.1' }),
      signOff({ chartVersion: 'placeholder-2025.2' }),
      signOff({ chartVersion: 'placeholder-2025.2' }),
      signOff({ chartId: 'news2', chartVersion: 'RCP-2017.0' }),
    ]);
    const page = await service.page('mews');
    expect(page?.versions).toEqual(['placeholder-2025.1', 'placeholder-2025.2', mews.version]);
  });
});

describe('ChartsService: what changed between two versions', () => {
  it('compares a signed version, as it was signed, with the one in use', async () => {
    const { file: _file, ...content } = mews;
    const { service, latest } = setUp([], {
      content: { ...content, version: 'placeholder-2025.9', title: 'MEWS (draft)' },
      file: mews.file,
    });
    const diff = await service.diff('mews', 'placeholder-2025.9', mews.version);
    expect(latest).toHaveBeenCalledWith(manager, 'mews', 'placeholder-2025.9');
    expect(diff).toEqual({
      id: 'mews',
      from: 'placeholder-2025.9',
      to: mews.version,
      changes: expect.arrayContaining([
        { path: 'version', from: 'placeholder-2025.9', to: mews.version },
        { path: 'title', from: 'MEWS (draft)', to: mews.title },
      ]) as unknown,
    });
    expect('changes' in diff && diff.changes).toHaveLength(2);
  });

  it('finds no change between the version in use and itself, without reading the sign-offs', async () => {
    const { service, latest } = setUp();
    await expect(service.diff('mews', mews.version, mews.version)).resolves.toMatchObject({ changes: [] });
    expect(latest).not.toHaveBeenCalled();
  });

  it('names the end that has no such version, in use or signed', async () => {
    const { service } = setUp();
    await expect(service.diff('mews', 'old', mews.version)).resolves.toEqual({
      missing: 'from: chart mews has no version old (in use or signed)',
    });
    await expect(service.diff('mews', mews.version, 'next')).resolves.toEqual({
      missing: 'to: chart mews has no version next (in use or signed)',
    });
  });
});

describe('ChartsService: which chart each ward uses', () => {
  it('lists each ward’s chart per patient group with its version and the sign-off of its content', async () => {
    const { service } = setUp([signOff()]);
    const view = await service.configuration();
    expect(view.clinicalMode).toBe('demo');
    const maternityA = view.wards.filter((ward) => ward.wardId === 'maternity-a');
    expect(
      maternityA.map(({ group, chartId, signOff: signed }) => [group, chartId, signed?.signedBy ?? null]),
    ).toEqual([
      ['antenatal', 'mews', 'Dr A Obstetrician'],
      ['postnatal', 'mews', 'Dr A Obstetrician'],
      ['newborn', 'newtt2', null],
      ['adult', 'news2', null],
    ]);
    expect(view.wards).toHaveLength(12);
    expect(view.charts.map((chart) => [chart.id, chart.signOff !== null])).toEqual(
      expect.arrayContaining([
        ['mews', true],
        ['news2', false],
        ['newtt2', false],
      ]) as unknown,
    );
  });
});
