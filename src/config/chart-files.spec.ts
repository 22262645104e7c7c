import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartJsonSchema } from './chart-file.schema';
import {
  SHIPPED_CHART_DIR,
  chartContentHash,
  loadChartDirectory,
  readChartFile,
  shippedCharts,
} from './chart-files';

type Json = Record<string, unknown>;
const shippedJson = (id: string) =>
  JSON.parse(readFileSync(join(SHIPPED_CHART_DIR, `${id}.chart.json`), 'utf8')) as Json;

/** The NEWS2 file with one change made by `edit`, written to a fresh directory. */
function news2With(edit: (chart: Json) => void, name = 'news2.chart.json'): string {
  const chart = shippedJson('news2');
  edit(chart);
  const dir = mkdtempSync(join(tmpdir(), 'beacon-charts-'));
  writeFileSync(join(dir, name), JSON.stringify(chart, null, 2));
  return join(dir, name);
}

// The respiratory-rate bands of NEWS2: ≤8, 9–11, 12–20, 21–24, ≥25 (RCP 2017).
const respiratoryBands = (chart: Json) =>
  (chart.parameters as { id: string; variants: { bands: { from: number; to: number }[] }[] }[]).find(
    (parameter) => parameter.id === 'respiratoryRate',
  )!.variants[0]!.bands;

describe('chart files', () => {
  it('loads the shipped NEWS2, MEWS and NEWTT2 files with their id, version and provenance', () => {
    const charts = shippedCharts();
    expect(charts.ids.sort()).toEqual(['mews', 'news2', 'newtt2']);
    const news2 = charts.get('news2');
    expect(news2.version).toBe('RCP-2017.1');
    expect(news2.verification).toBe('verified');
    expect(news2.file).toBe('config/charts/news2.chart.json');
    expect(news2.source).toMatchObject({
      publisher: 'Royal College of Physicians, London',
      date: '2017-12',
      sha256: null,
    });
    expect(charts.get('mews').verification).toBe('unverified');
  });

  it('publishes the JSON Schema the loader enforces (config/charts/chart.schema.json is up to date)', () => {
    const published = JSON.parse(
      readFileSync(join(SHIPPED_CHART_DIR, 'chart.schema.json'), 'utf8'),
    ) as unknown;
    expect(published).toEqual(chartJsonSchema());
  });

  it('accepts a valid file and returns its content hash', () => {
    const result = readChartFile(join(SHIPPED_CHART_DIR, 'news2.chart.json'));
    expect(result).toMatchObject({ valid: true, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('hashes the content, not the layout: re-indenting keeps the hash, a changed band edge does not', () => {
    const original = shippedJson('news2');
    const reindented = JSON.parse(JSON.stringify(original)) as Json;
    expect(chartContentHash(reindented)).toBe(chartContentHash(original));
    const edited = JSON.parse(JSON.stringify(original)) as Json;
    respiratoryBands(edited)[0]!.to = 9;
    respiratoryBands(edited)[1]!.from = 10;
    expect(chartContentHash(edited)).not.toBe(chartContentHash(original));
  });

  it('refuses a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'beacon-charts-'));
    writeFileSync(join(dir, 'broken.chart.json'), '{ "id": "broken", ');
    expect(readChartFile(join(dir, 'broken.chart.json'))).toEqual({
      valid: false,
      errors: [expect.stringMatching(/^\(file\): not valid JSON/)],
    });
  });

  it('refuses a malformed chart, naming the element', () => {
    const file = news2With((chart) => {
      (chart.parameters as Json[])[1]!.kind = 'numeric';
      delete (chart.source as Json).publisher;
    });
    const result = readChartFile(file);
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^parameters\[1\]\.kind: /),
        expect.stringMatching(/^source\.publisher: /),
      ]),
    );
  });

  it('refuses an unknown key (a typo is not silently ignored)', () => {
    const result = readChartFile(news2With((chart) => (chart.verfication = 'verified')));
    expect(result).toEqual({ valid: false, errors: [expect.stringMatching(/^\(root\): .*verfication/)] });
  });

  it('refuses overlapping bands, naming the parameter and the bands', () => {
    const result = readChartFile(news2With((chart) => (respiratoryBands(chart)[1]!.from = 8)));
    expect(result).toEqual({
      valid: false,
      errors: ['news2 parameter respiratoryRate: bands 0–8 and 8–11 overlap'],
    });
  });

  it('refuses a gap between bands, naming the parameter and the edges', () => {
    const result = readChartFile(news2With((chart) => (respiratoryBands(chart)[2]!.from = 13)));
    expect(result).toEqual({
      valid: false,
      errors: ['news2 parameter respiratoryRate: gap between 11 and 13'],
    });
  });

  it('refuses a risk rule pointing to a response the chart does not define', () => {
    const result = readChartFile(
      news2With((chart) => ((chart.rules as Json[])[0]!.response = 'emergency-team')),
    );
    expect(result).toEqual({
      valid: false,
      errors: ['news2 rule 1: response emergency-team is not defined'],
    });
  });

  it('refuses a directory where one file is bad, naming that file, and two files with one id', () => {
    const bad = news2With((chart) => (respiratoryBands(chart)[2]!.from = 13));
    expect(() => loadChartDirectory(join(bad, '..'))).toThrow(
      /news2\.chart\.json: news2 parameter respiratoryRate: gap between 11 and 13/,
    );
    const twin = news2With(() => undefined, 'copy.chart.json');
    writeFileSync(join(twin, '..', 'news2.chart.json'), JSON.stringify(shippedJson('news2')));
    expect(() => loadChartDirectory(join(twin, '..'))).toThrow(
      /news2\.chart\.json: id: chart news2 is also defined by .*copy\.chart\.json/,
    );
  });
});
