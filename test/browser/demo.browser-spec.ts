import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, signInInBrowser } from '../support/browser';
import { waitUntil } from '../support/private-redis';
import { ADMIN_DATABASE_URL, runId, withAdmin } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
const DEMO = join(ROOT, 'dist', 'src', 'cli', 'demo.js');
// Named like the other tests' databases and queue keys, so the global teardown removes them even after a crash.
const DATABASE = `beacon_test_${runId()}_demo`;

/** `npm run demo` as a person runs it (the built CLI), with fast ticks, its own database and queue prefix. */
describe('npm run demo (simulated EPR, ward display and handheld in Chromium)', () => {
  let demo: ChildProcessWithoutNullStreams;
  let output = '';
  let exited: Promise<number | null>;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(DEMO)) throw new Error(`${DEMO} is missing: run \`npm run build\` first (npm test does)`);
    demo = spawn(
      process.execPath,
      [
        DEMO,
        '--port=0',
        '--tick-seconds=1',
        `--database=${DATABASE}`,
        `--queue-prefix=beacon-test-${runId()}-demo`,
        '--no-open',
      ],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', BEACON_DATABASE_URL: ADMIN_DATABASE_URL },
        stdio: 'pipe',
      },
    );
    demo.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited = new Promise((resolve) => demo.once('exit', (code) => resolve(code)));
    browser = await launchChromium();
    await waitUntil(async () => Promise.resolve(output.includes('[demo] ready')), 'the demo to start', 60000);
  });

  afterAll(async () => {
    await browser?.close();
    if (demo?.exitCode === null) demo.kill('SIGKILL');
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));
  });

  const beaconUrl = () => /Handheld: (http\S+)\/handheld/.exec(output)?.[1] ?? '';

  const link = (label: string) => {
    const match = output.match(new RegExp(`${label}[^\\n]*:\\n\\s*(http\\S+#token=\\S+)`));
    if (!match?.[1]) throw new Error(`no "${label}" link in the demo's output:\n${output}`);
    return match[1];
  };

  it('shows the simulated ward live, and an escalation acknowledged on the handheld reaches the display', async () => {
    const display: Page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await display.goto(link('Ward display, Maternity Ward A'));
    await display.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    await display.getByTestId('unverified-banner').filter({ hasText: 'DEMONSTRATION' }).waitFor();
    await waitUntil(
      async () => (await display.getByTestId('bed').count()) === 12,
      'twelve beds on the display',
      30000,
    );

    // The deteriorating woman, the worried woman and the overdue woman each raise an alert.
    const raised = display.locator('[data-testid=alert][data-state=raised]');
    await waitUntil(async () => (await raised.count()) >= 2, 'the simulated escalations', 45000);
    // The worried woman's concern: the scenario records it once, so it stays as acknowledged. The deteriorating
    // woman's alert would not: each worse set she is still sending re-opens it (a "worsened" step).
    const concern = display.locator('[data-testid=alert][data-state=raised][data-level=concern]').first();
    await concern.waitFor({ timeout: 45000 });
    const alertId = (await concern.getAttribute('data-alert-id')) as string;
    await display.screenshot({ path: join(ARTIFACTS, 'demo-ward-display.png') });

    const handheld = await browser.newPage({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    // A midwife signs in through the development identity provider's real sign-in page, as the demo prints.
    const password = /password "([^"]+)"/.exec(output)?.[1] ?? '';
    expect(output).toMatch(/^\s+midwife\s+Bethan Hughes \(midwife\) on maternity-a and transitional-care$/m);
    expect(output).not.toMatch(/handheld#token=/);
    await signInInBrowser(handheld, `${beaconUrl()}/handheld`, 'midwife', password);
    await handheld.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    const card = handheld.locator(`[data-testid=alert][data-alert-id="${alertId}"]`);
    await card.getByRole('button', { name: 'Acknowledge' }).tap();
    await handheld.getByTestId('last-action').filter({ hasText: 'confirmed by Beacon' }).waitFor();
    await handheld.screenshot({ path: join(ARTIFACTS, 'demo-handheld.png') });

    await display
      .locator(`[data-testid=alert][data-alert-id="${alertId}"][data-state=acknowledged]`)
      .waitFor({ timeout: 20000 });
    await display.locator(`[data-alert-id="${alertId}"]`, { hasText: 'Bethan Hughes' }).waitFor();
    await display.screenshot({ path: join(ARTIFACTS, 'demo-ward-display-acknowledged.png') });
  });

  it('stops cleanly on Ctrl-C', async () => {
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('stopping the simulated EPR');
    expect(output).toContain('stopped cleanly');
  });
});
