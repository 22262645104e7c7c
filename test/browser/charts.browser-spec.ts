/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ARTIFACTS, accessibilityViolations, launchChromium } from '../support/browser';
import { CHARTS } from '../support/charts';
import { staffToken } from '../support/clinical';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';

/** "rgb(239, 154, 154)" → "#ef9a9a". */
function hex(colour: string): string {
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/i.exec(colour);
  return rgb
    ? `#${rgb
        .slice(1, 4)
        .map((part) => Number(part).toString(16).padStart(2, '0'))
        .join('')}`
    : colour.toLowerCase();
}

describe('chart pages (/charts/:id, diff, charts by ward) in Chromium', () => {
  let beacon: TestBeacon;
  let browser: Browser;
  let page: Page;
  let token: string;
  const news2 = CHARTS.news2;

  beforeAll(async () => {
    beacon = await startTestBeacon({ BEACON_ROLE: 'api' });
    const hash = beacon.config.charts.hashOf('news2')!;
    // An earlier signed version whose pulse band 91–110 scored 2, and the sign-off of the file in use.
    const earlier = JSON.parse(JSON.stringify({ ...news2, file: undefined, version: 'RCP-2017.0' })) as {
      parameters: { id: string; variants?: { bands: { from: number; score: number }[] }[] }[];
    };
    earlier.parameters
      .find((p) => p.id === 'heartRate')!
      .variants![0]!.bands.find((b) => b.from === 91)!.score = 2;
    const insert = `INSERT INTO chart_sign_off (chart_id, chart_version, content_sha256, source_sha256, signed_by, role, signed_at, file, cases_sha256, cases_passed, content)
      VALUES ('news2', $1, $2, $3, 'Jo Bloggs', 'clinical safety officer', $4, 'config/charts/news2.chart.json', $3, 117, $5)`;
    await beacon.database.query(insert, [
      'RCP-2017.0',
      'e'.repeat(64),
      'a'.repeat(64),
      '2026-10-01T09:00:00Z',
      JSON.stringify(earlier),
    ]);
    await beacon.database.query(insert, [
      'RCP-2017.1',
      hash,
      'a'.repeat(64),
      '2026-11-30T09:00:00Z',
      JSON.stringify({ ...news2, file: undefined }),
    ]);
    token = await staffToken('midwife', ['maternity-a']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await beacon?.close();
  });

  it('the API answers staff only, names a bad id, and 404s an unknown chart', async () => {
    const server = beacon.app.getHttpServer();
    expect((await request(server).get('/api/charts/news2')).status).toBe(401);
    const bad = await request(server).get('/api/charts/NEWS2!').set('Authorization', `Bearer ${token}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('id: ');
    const unknown = await request(server).get('/api/charts/pews').set('Authorization', `Bearer ${token}`);
    expect(unknown.status).toBe(404);
    const noVersion = await request(server)
      .get('/api/charts/news2/diff?from=RCP-1999&to=RCP-2017.1')
      .set('Authorization', `Bearer ${token}`);
    expect(noVersion.status).toBe(404);
  });

  it('/charts/news2 draws every band of every parameter with its score and colour, and the escalation table', async () => {
    await page.goto(`${beacon.url}/charts/news2#token=${token}`);
    await page.waitForSelector('table.escalation');
    for (const parameter of news2.parameters) {
      const expected =
        parameter.kind === 'number'
          ? parameter.variants.flatMap((variant) => variant.bands.map((band) => band.score))
          : parameter.bands.map((band) => band.score);
      const drawn = await page.$$eval(`table[data-parameter="${parameter.id}"] td.band-score`, (cells) =>
        cells.map((cell) => Number(cell.textContent)),
      );
      expect(drawn.sort()).toEqual([...expected].sort());
    }
    // RCP: respiration rate ≤8 scores 3; drawn at the foot of its block (lowest values at the bottom, as on paper).
    const lowest = await page.$eval('table[data-parameter="respiratoryRate"] tbody tr:last-child', (row) => ({
      range: row.querySelector('th')?.textContent,
      score: row.querySelector('td')?.textContent,
      colour: getComputedStyle(row.querySelector('td')!).backgroundColor,
    }));
    expect(lowest).toEqual({ range: '≤8', score: '3', colour: expect.any(String) });
    expect(hex(lowest.colour)).toBe(news2.scoreColours[3]);
    expect(await page.$$eval('table.escalation tbody tr', (rows) => rows.length)).toBe(
      news2.rules.length + 1,
    );
    expect(await page.$('.unverified-banner')).toBeNull();
    expect(await page.textContent('.provenance')).toContain(
      'Signed off by Jo Bloggs (clinical safety officer)',
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(ARTIFACTS, 'chart-news2.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('/charts/mews carries the unverified banner and is not signed off', async () => {
    await page.goto(`${beacon.url}/charts/mews#token=${token}`);
    await page.waitForSelector('table.escalation');
    expect(await page.textContent('.unverified-banner')).toContain('Unverified chart');
    expect(await page.textContent('.provenance')).toContain('Not signed off');
    await page.screenshot({ path: join(ARTIFACTS, 'chart-mews-unverified.png'), fullPage: true });
  });

  it('/charts/news2/diff shows the band that changed between the signed versions', async () => {
    await page.goto(`${beacon.url}/charts/news2/diff?from=RCP-2017.0&to=RCP-2017.1#token=${token}`);
    await page.waitForSelector('table.diff');
    const rows = await page.$$eval('table.diff tbody tr', (trs) => trs.map((tr) => tr.textContent));
    expect(rows).toEqual([
      'version"RCP-2017.0""RCP-2017.1"',
      'parameters[heartRate].variants[0].bands[3].score21',
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'chart-news2-diff.png'), fullPage: true });
  });

  it('/charts lists every ward and patient group with its chart, version and sign-off', async () => {
    await page.goto(`${beacon.url}/charts#token=${token}`);
    await page.waitForSelector('table.ward-charts');
    const rows = await page.$$eval('table.ward-charts tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)),
    );
    const wards = beacon.config.wards.wards;
    expect(rows).toHaveLength(wards.length * 4);
    const maternityAdult = wards.find((ward) => ward.id === 'maternity-a')!;
    expect(rows).toContainEqual([
      maternityAdult.name,
      'adult',
      news2.title,
      news2.version,
      'verified',
      expect.stringContaining('Signed off by Jo Bloggs'),
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'charts-by-ward.png'), fullPage: true });
  });
});
