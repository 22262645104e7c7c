/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, accessibilityViolations, launchChromium } from '../support/browser';
import { staffToken } from '../support/clinical';
import {
  FAST_WARD,
  SLOW_WARD,
  raiseDeterioration,
  staffCommand,
  twoLadderWards,
  waitForEscalation,
} from '../support/escalations';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

describe('escalation audit pages in Chromium (real service, PostgreSQL and Redis)', () => {
  let beacon: TestBeacon;
  let browser: Browser;
  let page: Page;
  let late: string;
  let onTime: string;

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon(
      { BEACON_ROLE: 'all', BEACON_WARD_CONFIG: twoLadderWards(), BEACON_TIMER_SWEEP_MS: '1000' },
      { clients: [client.registration()] },
    );
    const epr = await client.token(beacon.url);
    [late, onTime] = await Promise.all([
      raiseDeterioration(beacon, epr, { sourceId: 'ab-late', ward: FAST_WARD, bed: 'Bed 7' }),
      raiseDeterioration(beacon, epr, { sourceId: 'ab-on-time', ward: SLOW_WARD, bed: 'Bed 8' }),
    ]);
    await staffCommand(
      beacon,
      await staffToken('midwife', [SLOW_WARD], 'Midwife Sol'),
      `/api/alerts/${onTime}/acknowledge`,
      { device: 'hh-sol' },
    );
    await waitForEscalation(beacon, late);
    await staffCommand(
      beacon,
      await staffToken('midwife', [FAST_WARD], 'Midwife Fay'),
      `/api/alerts/${late}/acknowledge`,
      { device: 'hh-fay' },
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await beacon?.close();
  });

  const rowOf = (alertId: string) => page.locator(`[data-testid=escalation][data-alert-id="${alertId}"]`);

  it('filters the list to "acknowledged late or not at all" from the keyboard, and exports those rows as CSV', async () => {
    await page.goto(`${beacon.url}/audit/alerts#token=${await staffToken('auditor', [], 'Auditor Ann')}`);
    await rowOf(late).waitFor();
    await rowOf(onTime).waitFor();
    expect(page.url()).not.toContain('token=');

    const filter = page.getByLabel('Acknowledgement');
    await filter.focus();
    await filter.selectOption({ label: 'Late or not at all' });
    await page.getByRole('button', { name: 'Apply filters' }).press('Enter');
    await page.waitForURL(/late=true/);
    await rowOf(late).waitFor();
    expect(await rowOf(onTime).count()).toBe(0);
    const statuses = await page
      .locator('[data-testid=escalation]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-acknowledgement')));
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 'late' || status === 'missed')).toBe(true);
    await expect(rowOf(late).textContent()).resolves.toContain('Late');
    expect(await rowOf(late).locator('[data-duration=raisedToAcknowledged]').textContent()).toMatch(/\d/);
    await page.screenshot({ path: join(ARTIFACTS, 'audit-list-late.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain(late);
    expect(csv).not.toContain(onTime);
  });

  it('opens the timeline of a late escalation: steps in order with actor, device and delays, set, chart and chain status', async () => {
    const link = rowOf(late).getByRole('link');
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/audit/alerts/${late}$`));
    const steps = page.locator('[data-testid=step]');
    await steps.first().waitFor();

    const rows = await steps.evaluateAll((elements) =>
      elements.map((element) => ({
        type: element.getAttribute('data-type') ?? '',
        at: element.getAttribute('data-at') ?? '',
        delay: element.querySelector('[data-testid=delay]')?.textContent ?? '',
        text: element.textContent ?? '',
      })),
    );
    const times = rows.map((row) => Date.parse(row.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const types = rows.map((row) => row.type);
    const journey = ['observation.taken', 'observation.received', 'set.scored', 'alert.raised'].map((type) =>
      types.indexOf(type),
    );
    expect(journey.every((index) => index >= 0)).toBe(true);
    expect([...journey].sort((a, b) => a - b)).toEqual(journey);
    expect(types.indexOf('alert.escalated')).toBeGreaterThan(types.indexOf('alert.raised'));
    expect(types.indexOf('alert.acknowledged')).toBeGreaterThan(types.indexOf('alert.escalated'));
    // Every step after the first says how long after the one before it came.
    expect(rows.slice(1).every((row) => /^\+.*\d.* (s|min|h|d)/.test(row.delay))).toBe(true);
    const acknowledged = rows.find((row) => row.type === 'alert.acknowledged');
    expect(acknowledged?.text).toContain('Midwife Fay');
    expect(acknowledged?.text).toContain('hh-fay');

    await page.locator('[data-testid=chain-status][data-intact=true]').waitFor();
    expect(await page.getByTestId('set-chart').first().textContent()).toMatch(/MEWS version \S+/);
    expect(await page.getByTestId('escalation-steps').textContent()).toContain('Registrar on call');
    await page.screenshot({ path: join(ARTIFACTS, 'audit-timeline.png'), fullPage: true });
    expect(await accessibilityViolations(page)).toEqual([]);

    // Back to the list as it was filtered.
    await page.getByRole('link', { name: '← All escalations' }).click();
    await page.waitForURL(/\/audit\/alerts\?late=true/);
  });
});
