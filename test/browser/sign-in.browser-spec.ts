/// <reference lib="dom" />
import { join } from 'node:path';
import { ARTIFACTS, chromiumForSpec, signInInBrowser } from '../support/browser';
import { DETERIORATING } from '../support/escalations';
import type { SignInBeacon } from '../support/sign-in';
import { startSignInBeacon } from '../support/sign-in';
import { admitPatient } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const WARD = 'maternity-a';

describe('staff sign-in in Chromium through the development identity provider', () => {
  const { phone } = chromiumForSpec();

  it('a midwife signs in, acknowledges an alert, and signing out closes every screen of her session at once', async () => {
    const client = await TestEpr.create();
    const setup: SignInBeacon = await startSignInBeacon(
      { BEACON_ROLE: 'all' },
      { clients: [client.registration()] },
    );
    try {
      const epr = await client.token(setup.beacon.url);
      await admitPatient(setup.beacon, epr, {
        sourceId: 'si-ack',
        ward: WARD,
        vitals: DETERIORATING,
        bed: 'Bed 3',
      });
      const { context, page } = await phone();
      await signInInBrowser(page, `${setup.beacon.url}/handheld`, 'midwife.a', setup.idp.password);
      await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
      expect(page.url()).toBe(`${setup.beacon.url}/handheld`);
      const cookies = await context.cookies(setup.beacon.url);
      expect(cookies.find((cookie) => cookie.name === 'beacon-session')).toMatchObject({
        httpOnly: true,
        sameSite: 'Lax',
      });
      // Nothing a script can read holds a credential.
      expect(await page.evaluate(() => document.cookie)).not.toContain('beacon-session');
      expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }))).not.toMatch(
        /eyJ/,
      );

      const card = page.locator('[data-testid=alert]', { hasText: 'Bed 3' });
      await card.getByRole('button', { name: 'Acknowledge' }).tap();
      await page.getByTestId('last-action').filter({ hasText: 'confirmed by Beacon' }).waitFor();
      await card.getByRole('button', { name: 'Attending' }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'sign-in-handheld-acknowledged.png') });
      const [alert] = await setup.beacon.database.query<{ acknowledged_by: string }>(
        "SELECT acknowledged_by FROM alert WHERE state = 'acknowledged'",
      );
      expect(alert?.acknowledged_by).toBe('Amara Okafor (midwife)');

      // A second tab of the same session: signing out in the first closes its socket and sends it to sign-in.
      const second = await context.newPage();
      await second.goto(`${setup.beacon.url}/handheld`);
      await second.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
      await page.getByTestId('sign-out').click();
      await second.getByRole('heading', { name: 'Development sign-in' }).waitFor({ timeout: 10000 });
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL(`${setup.beacon.url}/?signed-out`);
      expect(
        (await context.cookies(setup.beacon.url)).find((cookie) => cookie.name === 'beacon-session'),
      ).toBeUndefined();
    } finally {
      await setup.close();
    }
  });

  it('a session that reaches its end lands on the sign-in page, and signs the same person in again', async () => {
    const setup = await startSignInBeacon({
      BEACON_ROLE: 'api',
      BEACON_SESSION_MAX_SECONDS: '10',
      BEACON_SCREEN_HEARTBEAT_SECONDS: '1',
    });
    try {
      const { page } = await phone();
      await signInInBrowser(page, `${setup.beacon.url}/handheld`, 'midwife', setup.idp.password);
      await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
      await page
        .getByRole('heading', { name: 'Development sign-in' })
        .waitFor({ timeout: 20000 })
        .catch(async (error: unknown) => {
          await page.screenshot({ path: join(ARTIFACTS, 'sign-in-expiry-failure.png') });
          throw new Error(`${String(error)}\nat ${page.url()}: ${await page.locator('body').innerText()}`);
        });
      expect(page.url().startsWith(setup.idp.issuer)).toBe(true);
      await page.getByLabel('User name').fill('midwife');
      await page.getByLabel('Password').fill(setup.idp.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${setup.beacon.url}/handheld`);
      await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    } finally {
      await setup.close();
    }
  });
});
