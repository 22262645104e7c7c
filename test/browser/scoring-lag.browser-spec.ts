/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchChromium } from '../support/browser';
import { staffToken } from '../support/clinical';
import type { TestBeacon } from '../support/test-app';
import { admitPatient, startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const WARD = 'maternity-a';
const NORMAL = {
  heartRate: 84,
  respiratoryRate: 16,
  temperature: 36.8,
  oxygenSaturation: 98,
  systolicBP: 118,
  diastolicBP: 76,
  consciousness: 'A' as const,
};

/**
 * Delay is never hidden (hazard H23): an api process with no worker accepts a set that nobody scores; once it has
 * waited longer than the warning threshold, the ward display and the handheld say Beacon is behind and their live
 * indicator turns amber.
 */
describe('scoring lag on the screens in Chromium (real service, PostgreSQL and Redis, no worker)', () => {
  let beacon: TestBeacon;
  let browser: Browser;

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon(
      { BEACON_ROLE: 'api', BEACON_SCORING_LAG_WARNING_SECONDS: '1', BEACON_SCREEN_HEARTBEAT_SECONDS: '1' },
      { clients: [client.registration()] },
    );
    const epr = await client.token(beacon.url);
    await admitPatient(beacon, epr, { sourceId: 'lag-browser-1', ward: WARD, vitals: NORMAL, bed: 'Bed 1' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await beacon?.close();
  });

  it('tells the ward display and the handheld that Beacon is behind, with an amber live indicator', async () => {
    const display = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await display.goto(`${beacon.url}/ward/${WARD}#token=${await staffToken('ward-display', [WARD])}`);
    const banner = display.getByTestId('scoring-behind');
    await banner.waitFor({ timeout: 20000 });
    expect(await banner.innerText()).toMatch(/^Beacon is \d+ s behind — scores may be out of date/);
    expect(await display.getByTestId('connection').innerText()).toContain('Live — behind');
    const colour = await display
      .getByTestId('connection')
      .evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(colour).toBe('rgb(122, 74, 0)');
    await display.screenshot({ path: join(ARTIFACTS, 'display-scoring-behind.png') });

    const handheld = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await handheld.goto(`${beacon.url}/handheld#token=${await staffToken('midwife', [WARD], 'Midwife Ada')}`);
    await handheld.getByTestId('scoring-behind').waitFor({ timeout: 20000 });
    expect(await handheld.getByTestId('connection').innerText()).toContain('Live — behind');
  });
});
