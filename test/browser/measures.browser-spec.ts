/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, accessibilityViolations, launchChromium } from '../support/browser';
import { staffToken } from '../support/clinical';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';

const WARD = 'maternity-a';

/** The first day (noon UTC) of the month `back` months before this one. */
function monthStart(back: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1, 12));
}

/**
 * A year of acknowledged escalations on one ward, written straight into the alert table (as Beacon stores them):
 * eleven months acknowledged in 4–6 minutes, then a month acknowledged in 40. By hand: mean (55 + 40) / 12 = 7.92;
 * moving ranges 1 2 1 1 2 1 1 2 1 0 35 → 47 / 11 = 4.27; upper limit 7.92 + 2.66 × 4.27 = 19.28. So 40 is beyond the
 * limit (concerning: lower is better), and the eleven months before all sit below the mean (a shift).
 */
async function seedYearOfEscalations(beacon: TestBeacon): Promise<void> {
  const minutesByMonth = [5, 4, 6, 5, 4, 6, 5, 4, 6, 5, 5, 40];
  for (const [index, minutes] of minutesByMonth.entries()) {
    const raisedAt = monthStart(11 - index);
    for (let n = 0; n < 6; n += 1) {
      const raised = new Date(raisedAt.getTime() + n * 3_600_000);
      await beacon.database.query(
        `INSERT INTO alert (ward_id, kind, state, level, severity, title, detail, raised_at, acknowledged_at,
           acknowledged_by, closed_at, updated_at)
         VALUES ($1, 'deterioration', 'resolved', 'urgent', 2, 'Seeded escalation', '{}', $2, $3, 'seed', $4, $4)`,
        [WARD, raised, new Date(raised.getTime() + minutes * 60_000), new Date(raised.getTime() + 7_200_000)],
      );
    }
  }
}

describe('the measures page in Chromium (real service, PostgreSQL and Redis)', () => {
  let beacon: TestBeacon;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    beacon = await startTestBeacon({ BEACON_ROLE: 'api' });
    await seedYearOfEscalations(beacon);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await beacon?.close();
  });

  it('draws the time to acknowledgement as an SPC chart whose latest point is a concerning special cause', async () => {
    await page.goto(`${beacon.url}/measures#token=${await staffToken('coordinator', [], 'Coordinator Cal')}`);
    const card = page.locator('[data-testid=measure][data-measure-id="ESC-ACK"]');
    await card.waitFor();
    expect(page.url()).not.toContain('token=');

    await card.getByTestId('variation').waitFor();
    expect(await card.getByTestId('variation').getAttribute('data-variation')).toBe(
      'special-cause-concerning',
    );
    const rows = card.getByTestId('spc-point');
    expect(await rows.count()).toBe(12);
    expect(await rows.last().getAttribute('data-signals')).toContain('outside-limits');
    expect(await rows.last().textContent()).toContain('40.0 min (6)');
    expect(await rows.first().getAttribute('data-signals')).toBe('shift');

    // The chart itself: an SVG with the mean, both limits and the twelve points.
    const chart = card.getByTestId('spc-chart');
    await chart.locator('svg').waitFor();
    expect(await chart.locator('svg path').count()).toBeGreaterThan(12);

    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: join(ARTIFACTS, 'measures-spc-signal.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'measures-page.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('downloads the CSV with the same figures', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^measure_id,/);
    expect(csv).toMatch(/ESC-ACK,1,[^\n]*,maternity-a,\d{4}-\d{2},240,,40,40\.0 min \(6\),false/);
  });
});
