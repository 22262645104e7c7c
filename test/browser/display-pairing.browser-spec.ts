/// <reference lib="dom" />
import { join } from 'node:path';
import { ARTIFACTS, chromiumForSpec, signInInBrowser } from '../support/browser';
import { DETERIORATING } from '../support/escalations';
import { startSignInBeacon } from '../support/sign-in';
import { admitPatient } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

describe('ward display pairing in Chromium (device authorization grant)', () => {
  const { context } = chromiumForSpec();

  it('an unpaired display shows a code, a coordinator pairs it, it shows live alerts, and unpairing returns it to the code', async () => {
    const client = await TestEpr.create();
    const setup = await startSignInBeacon({ BEACON_ROLE: 'all' }, { clients: [client.registration()] });
    try {
      const screenContext = await context({ viewport: { width: 1920, height: 1080 } });
      const coordinatorContext = await context({ viewport: { width: 390, height: 844 } });
      const display = await screenContext.newPage();
      await display.goto(`${setup.beacon.url}/ward/maternity-a`);
      const code = (await display.getByTestId('user-code').innerText()).trim();
      expect(code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
      await display.getByRole('img', { name: /QR code/ }).waitFor();
      await display.screenshot({ path: join(ARTIFACTS, 'display-pairing-code.png') });

      const coordinator = await coordinatorContext.newPage();
      await signInInBrowser(
        coordinator,
        `${setup.beacon.url}/admin/displays`,
        'coordinator',
        setup.idp.password,
      );
      await coordinator.getByLabel('Code shown on the display').fill(code);
      await coordinator.getByLabel('Ward').selectOption('maternity-a');
      await coordinator.getByLabel('Name (optional)').fill('Bay 1 screen');
      await coordinator.getByRole('button', { name: 'Pair' }).click();
      await coordinator.getByTestId('message').filter({ hasText: 'Paired: Bay 1 screen' }).waitFor();

      await display.getByTestId('connection').filter({ hasText: 'Live' }).waitFor({ timeout: 20000 });
      const epr = await client.token(setup.beacon.url);
      await admitPatient(setup.beacon, epr, {
        sourceId: 'pair-1',
        ward: 'maternity-a',
        vitals: DETERIORATING,
        bed: 'Bed 4',
      });
      await display
        .locator('[data-testid=alert][data-state=raised]', { hasText: 'Bed 4' })
        .waitFor({ timeout: 30000 });
      await display.screenshot({ path: join(ARTIFACTS, 'display-paired-alert.png') });

      // A reload (or a browser restart: the cookie persists) keeps the pairing.
      await display.reload();
      await display.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();

      await coordinator.reload();
      const row = coordinator.locator('[data-testid=displays] tr', { hasText: 'Bay 1 screen' });
      await row.filter({ hasText: 'Chloe Patel' }).waitFor();
      await row.getByRole('button', { name: 'Unpair' }).click();
      await coordinator.getByTestId('message').filter({ hasText: 'Unpaired: Bay 1 screen' }).waitFor();
      await display.getByTestId('pairing').waitFor({ timeout: 15000 });
      const fresh = (await display.getByTestId('user-code').innerText()).trim();
      expect(fresh).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
      expect(fresh).not.toBe(code);
    } finally {
      await setup.close();
    }
  }, 180_000);
});
