import { shippedCharts } from '../config/chart-files';
import type { SignOff } from './chart-sign-off';
import { signOffProblems } from './chart-sign-off';

describe('signOffProblems', () => {
  const charts = shippedCharts();
  const news2Hash = charts.hashOf('news2')!;
  const signOff = (contentSha256: string, chartVersion = 'RCP-2017.1'): SignOff => ({
    chartId: 'news2',
    chartVersion,
    contentSha256,
    sourceSha256: 'f'.repeat(64),
    signedBy: 'Jo Bloggs',
    role: 'clinical safety officer',
    signedAt: new Date('2026-11-30T09:00:00Z'),
  });

  it('lets a chart whose content matches its sign-off run live', () => {
    expect(signOffProblems(charts, ['news2'], [signOff(news2Hash)], true)).toEqual([]);
  });

  it('refuses in live mode a chart in use with no sign-off of its version (an older version signed is not enough)', () => {
    const problems = signOffProblems(charts, ['news2'], [signOff('0'.repeat(64), 'RCP-2017.0')], true);
    expect(problems).toEqual([expect.stringContaining('refuses chart "news2" version RCP-2017.1')]);
    expect(signOffProblems(charts, ['news2'], [], false)).toEqual([]);
  });

  it('refuses in any mode a chart whose signed version now has other content, naming chart, file and signer', () => {
    const problems = signOffProblems(charts, [], [signOff('0'.repeat(64))], false);
    expect(problems).toEqual([
      expect.stringMatching(
        /^Chart "news2" version RCP-2017\.1 \(config\/charts\/news2\.chart\.json\) has changed since it was signed by Jo Bloggs/,
      ),
    ]);
  });
});
