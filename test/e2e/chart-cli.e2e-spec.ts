import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_CHARTS, chartCli, shippedChartJson, tempDir, writeJson } from '../support/chart-cli';

// No database here: every command below answers (or refuses) before a sign-off would be stored.
describe('npm run --silent chart (validate, test, sign refusals)', () => {
  const news2 = join(SHIPPED_CHARTS, 'news2.chart.json');
  const news2Cases = join(SHIPPED_CHARTS, 'news2.cases.csv');

  it('validate prints id, version and content hash of a valid chart', () => {
    const { code, json } = chartCli(['validate', news2]);
    expect(code).toBe(0);
    expect(json).toEqual({
      valid: true,
      id: 'news2',
      version: 'RCP-2017.1',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('validate refuses a malformed file and an overlapping band with exit 2, naming the element', () => {
    const dir = tempDir();
    const chart = shippedChartJson('news2');
    chart.parameters[0]!.variants![0]!.bands[1]!.from = 7;
    delete chart.source.title;
    const { code, json } = chartCli(['validate', writeJson(join(dir, 'news2.chart.json'), chart)]);
    expect(code).toBe(2);
    expect(json).toEqual({ valid: false, errors: [expect.stringMatching(/^source\.title: /)] });

    chart.source.title = 'RCP NEWS2';
    const overlap = chartCli(['validate', writeJson(join(dir, 'news2.chart.json'), chart)]);
    expect(overlap.code).toBe(2);
    expect(overlap.json).toEqual({
      valid: false,
      errors: ['news2 parameter respiratoryRate: bands 0–8 and 7–11 overlap'],
    });
  });

  it('test scores the NEWS2 file against the hand-transcribed golden cases: all pass', () => {
    const { code, json } = chartCli(['test', news2, '--cases', news2Cases]);
    expect(code).toBe(0);
    expect(json).toMatchObject({ allPassed: true, mismatches: [] });
    expect(json.cases).toBeGreaterThanOrEqual(115);
  });

  it('test reports a wrong case with what was expected and what the chart gives, exit 1', () => {
    const cases = join(tempDir(), 'cases.csv');
    writeFileSync(
      cases,
      [
        'case,respiratoryRate,temperature,expectedTotal,expectedResponse',
        'rr-21-right,21,,2,ward',
        // RCP: temperature 39.1 and above scores 2 — this row expects 1, as a transcription slip would.
        'temp-39.1-wrong,,39.1,1,ward',
      ].join('\n'),
    );
    const { code, json } = chartCli(['test', news2, '--cases', cases]);
    expect(code).toBe(1);
    expect(json).toEqual({
      allPassed: false,
      cases: 2,
      passed: 1,
      mismatches: [
        {
          case: 'temp-39.1-wrong',
          expected: { total: 1, response: 'ward' },
          actual: { total: 2, response: 'ward' },
        },
      ],
    });
  });

  it('sign refuses the unverified MEWS placeholder: not verified and no source PDF hash', () => {
    const { code, json } = chartCli([
      'sign',
      join(SHIPPED_CHARTS, 'mews.chart.json'),
      '--by',
      'A Safety Officer',
      '--role',
      'clinical safety officer',
      '--source-sha256',
      'a'.repeat(64),
    ]);
    expect(code).toBe(2);
    expect(json.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^verification: chart mews is "unverified"/),
        expect.stringMatching(/^source\.sha256: chart mews does not record/),
      ]),
    );
  });

  it('sign refuses a source hash other than the one the chart was transcribed from, and a failing case', () => {
    const dir = tempDir();
    const chart = shippedChartJson('news2');
    chart.source.sha256 = 'b'.repeat(64);
    const file = writeJson(join(dir, 'news2.chart.json'), chart);
    writeFileSync(
      join(dir, 'news2.cases.csv'),
      'case,heartRate,expectedTotal,expectedResponse\nhr-131,131,2,ward\n',
    );
    const { code, json } = chartCli([
      'sign',
      file,
      '--by',
      'A Safety Officer',
      '--role',
      'clinical safety officer',
      '--source-sha256',
      'c'.repeat(64),
    ]);
    expect(code).toBe(2);
    expect(json.errors).toEqual([
      expect.stringMatching(
        /^source\.sha256: chart news2 was transcribed from a PDF with hash b{64}, not the c{64}/,
      ),
      expect.stringMatching(
        /news2\.cases\.csv: case hr-131: expected total 2 and response ward, chart gives total 3 and response urgent-ward$/,
      ),
    ]);
  });

  it('sign refuses without golden cases, and without a name, a role or a source hash', () => {
    const dir = tempDir();
    copyFileSync(news2, join(dir, 'news2.chart.json'));
    const { code, json } = chartCli(['sign', join(dir, 'news2.chart.json')]);
    expect(code).toBe(2);
    expect(json.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^--by: /),
        expect.stringMatching(/^--role: /),
        expect.stringMatching(/^--source-sha256: /),
        expect.stringMatching(/^--cases: .*news2\.cases\.csv does not exist/),
      ]),
    );
  });
});
