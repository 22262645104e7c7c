/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BeaconProcess } from '../support/beacon-process';
import { ARTIFACTS, accessibilityViolations, launchChromium } from '../support/browser';
import type { Vitals } from '../support/clinical';
import { TEST_TOKEN_SECRET, staffToken } from '../support/clinical';
import { freePort, waitUntil } from '../support/private-redis';
import type { TestBeacon } from '../support/test-app';
import { admitPatient, startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';
import { DETERIORATING } from '../support/escalations';

const WARD = 'maternity-a';
const STABLE_ADULT = {
  heartRate: 72,
  respiratoryRate: 14,
  temperature: 36.7,
  oxygenSaturation: 97,
  systolicBP: 124,
  diastolicBP: 78,
  consciousness: 'A' as const,
};

describe('ward display and handheld in Chromium (real service, PostgreSQL and Redis)', () => {
  let beacon: TestBeacon;
  let epr: string;
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'all' }, { clients: [client.registration()] });
    epr = await client.token(beacon.url);
    browser = await launchChromium();
  });

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
  });

  afterAll(async () => {
    await browser?.close();
    await beacon?.close();
  });

  const admit = (sourceId: string, ward: string, vitals: Vitals, bed: string) =>
    admitPatient(beacon, epr, { sourceId, ward, vitals, bed });

  async function openDisplay(url: string, ward = WARD, token?: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    pages.push(page);
    await page.goto(`${url}/ward/${ward}#token=${token ?? (await staffToken('ward-display', [ward]))}`);
    return page;
  }

  async function openHandheld(url: string, name: string): Promise<Page> {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    pages.push(page);
    await page.goto(`${url}/handheld#token=${await staffToken('midwife', [WARD], name)}`);
    return page;
  }

  const live = (page: Page) => page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();

  it('shows a newly raised alert live; the handheld acknowledges it in one tap and the display updates', async () => {
    const display = await openDisplay(beacon.url);
    await live(display);
    await display.getByTestId('unverified-banner').filter({ hasText: 'MEWS' }).waitFor();
    // The token left the address bar once read.
    expect(display.url()).not.toContain('token=');

    const patient = await admit('br-ack', WARD, DETERIORATING, 'Bed 3');
    const row = display.locator('[data-testid=alert][data-state=raised]', { hasText: 'Bed 3' });
    await row.waitFor({ timeout: 20000 });
    const alertId = (await row.getAttribute('data-alert-id')) as string;
    await display
      .locator(`[data-testid=bed][data-patient-id="${patient}"]`)
      .getByTestId('score')
      .filter({ hasText: '2' })
      .waitFor();
    await display.screenshot({ path: join(ARTIFACTS, 'ward-display-alert.png') });

    const handheld = await openHandheld(beacon.url, 'Midwife Ada');
    await live(handheld);
    const card = handheld.locator(`[data-testid=alert][data-alert-id="${alertId}"]`);
    await card.getByRole('button', { name: 'Acknowledge' }).tap();
    await handheld.getByTestId('last-action').filter({ hasText: 'confirmed by Beacon' }).waitFor();
    await card.getByRole('button', { name: 'Attending' }).waitFor();
    await handheld.screenshot({ path: join(ARTIFACTS, 'handheld-acknowledged.png') });

    await display
      .locator(`[data-testid=alert][data-alert-id="${alertId}"][data-state=acknowledged]`)
      .waitFor();
    await display
      .locator(`[data-alert-id="${alertId}"]`, { hasText: 'Acknowledged by Midwife Ada' })
      .waitFor();
    await display.screenshot({ path: join(ARTIFACTS, 'ward-display-acknowledged.png') });

    const [alert] = await beacon.database.query<{ state: string; acknowledged_by: string }>(
      'SELECT state, acknowledged_by FROM alert WHERE id = $1',
      [alertId],
    );
    expect(alert).toEqual({ state: 'acknowledged', acknowledged_by: 'Midwife Ada' });
    // Both screens confirmed they showed it: the timeline's "delivered to N screens".
    await waitUntil(
      async () =>
        (
          await beacon.database.query(
            `SELECT id FROM audit_event WHERE alert_id = $1 AND type = 'alert.delivered'`,
            [alertId],
          )
        ).length >= 2,
      'two delivery receipts',
    );
  });

  it('is keyboard operable and has no serious accessibility problems', async () => {
    await admit('br-a11y', WARD, DETERIORATING, 'Bed 5');
    const display = await openDisplay(beacon.url);
    await live(display);
    await display.locator('[data-testid=alert]', { hasText: 'Bed 5' }).waitFor({ timeout: 20000 });
    expect(await accessibilityViolations(display)).toEqual([]);

    const handheld = await openHandheld(beacon.url, 'Midwife Kay');
    await live(handheld);
    const card = handheld.locator('[data-testid=alert][data-state=raised]', { hasText: 'Bed 5' });
    await card.waitFor();
    expect(await accessibilityViolations(handheld)).toEqual([]);
    await card.getByRole('button', { name: 'Acknowledge' }).focus();
    await handheld.keyboard.press('Enter');
    await handheld.getByTestId('last-action').filter({ hasText: 'confirmed by Beacon' }).waitFor();
  });

  describe('when the connection to the api process drops', () => {
    let api: BeaconProcess;
    let port: number;
    let env: Record<string, string>;

    beforeAll(async () => {
      port = await freePort();
      const clients = join(mkdtempSync(join(tmpdir(), 'beacon-clients-')), 'clients.json');
      writeFileSync(clients, JSON.stringify({ clients: [] }));
      env = {
        BEACON_ROLE: 'api',
        BEACON_DATABASE_URL: beacon.database.url,
        BEACON_REDIS_URL: beacon.config.env.BEACON_REDIS_URL,
        BEACON_QUEUE_PREFIX: beacon.config.env.BEACON_QUEUE_PREFIX,
        BEACON_HTTP_PORT: String(port),
        BEACON_TOKEN_SECRET: TEST_TOKEN_SECRET,
        BEACON_CLIENTS_FILE: clients,
        BEACON_SCREEN_HEARTBEAT_SECONDS: '1',
      };
      api = BeaconProcess.start('main', env);
      await api.waitForOutput(/api listening/);
    });

    afterAll(async () => {
      await api?.stop();
    });

    it('shows that the data may be stale, queues the acknowledgement on the handheld, and sends it once on reconnect', async () => {
      const url = `http://127.0.0.1:${port}`;
      const patient = await admit('br-offline', WARD, DETERIORATING, 'Bed 8');
      await waitUntil(
        async () =>
          (await beacon.database.query(`SELECT id FROM alert WHERE patient_id = $1`, [patient])).length > 0,
        'alert raised',
        20000,
      );
      const display = await openDisplay(url);
      const handheld = await openHandheld(url, 'Midwife Sam');
      await live(display);
      await live(handheld);
      const card = handheld.locator('[data-testid=alert][data-state=raised]', { hasText: 'Bed 8' });
      await card.waitFor();
      const alertId = (await card.getAttribute('data-alert-id')) as string;

      await api.stop();
      await display.getByTestId('stale-overlay').waitFor();
      await display.getByTestId('connection').filter({ hasText: 'Disconnected' }).waitFor();
      await display.screenshot({ path: join(ARTIFACTS, 'ward-display-stale.png') });

      await card.getByRole('button', { name: 'Acknowledge' }).tap();
      await handheld
        .getByTestId('queued')
        .filter({ hasText: 'will be sent when the connection is back' })
        .waitFor();
      await handheld.screenshot({ path: join(ARTIFACTS, 'handheld-queued.png') });
      const [before] = await beacon.database.query<{ state: string }>(
        'SELECT state FROM alert WHERE id = $1',
        [alertId],
      );
      expect(before?.state).toBe('raised');

      api = BeaconProcess.start('main', env);
      await api.waitForOutput(/api listening/);
      await handheld
        .getByTestId('last-action')
        .filter({ hasText: 'confirmed by Beacon' })
        .waitFor({ timeout: 20000 });
      expect(await handheld.getByTestId('queued').count()).toBe(0);
      await display
        .locator(`[data-testid=alert][data-alert-id="${alertId}"][data-state=acknowledged]`)
        .waitFor();
      expect(await display.getByTestId('stale-overlay').count()).toBe(0);
      const acknowledgements = await beacon.database.query(
        `SELECT id FROM audit_event WHERE alert_id = $1 AND type = 'alert.acknowledged'`,
        [alertId],
      );
      expect(acknowledgements).toHaveLength(1);
    });
  });

  it('renders a 30-bed ward (first paint measured, not asserted: npm run bench reports speed)', async () => {
    const ward = 'general-surgical';
    for (let batch = 0; batch < 3; batch++)
      await Promise.all(
        Array.from({ length: 10 }, (_, index) => {
          const bed = batch * 10 + index + 1;
          return admit(`br-bed-${bed}`, ward, { ...STABLE_ADULT, heartRate: 70 + (bed % 10) }, `Bed ${bed}`);
        }),
      );
    await waitUntil(
      async () =>
        (
          await beacon.database.query(`SELECT DISTINCT patient_id FROM observation_set WHERE ward_id = $1`, [
            ward,
          ])
        ).length >= 30,
      '30 scored beds',
      30000,
    );
    const display = await openDisplay(beacon.url, ward, await staffToken('ward-display', [ward]));
    await display.waitForFunction(() => document.querySelectorAll('[data-testid=bed]').length === 30);
    const timing = await display.evaluate(() => ({
      firstContentfulPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      thirtyBedsShownMs: performance.now(),
    }));
    writeFileSync(join(ARTIFACTS, 'first-paint.json'), JSON.stringify({ beds: 30, ...timing }, null, 2));
    process.stdout.write(`[browser] 30-bed ward display: ${JSON.stringify(timing)}\n`);
    const beds = await display.locator('[data-testid=bed] .tile-bed').allTextContents();
    expect(beds).toEqual(Array.from({ length: 30 }, (_, index) => `Bed ${index + 1}`));
    await display.screenshot({ path: join(ARTIFACTS, 'ward-display-30-beds.png') });
  });
});
