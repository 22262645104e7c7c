/// <reference lib="dom" />
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Screenshots and measurements of a browser run (git-ignored; CI keeps them as artifacts). */
export const ARTIFACTS = join(__dirname, '..', 'browser', 'artifacts');

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, driven by playwright-core (never a downloaded browser). The flags keep it from
 * reaching for Google's services, which this machine's closed network refuses.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: run \`bash scripts/ensure-services.sh --browser\` (.ci/run does)`,
    );
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** One Chromium for a spec file, and the browser contexts (devices) its tests open. */
export interface SpecBrowser {
  /** A new context (its own cookie jar: a separate device), closed after the test. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A phone-sized, touch context and its first page. */
  phone(): Promise<{ context: BrowserContext; page: Page }>;
}

/** Launches Chromium before the spec file's tests and closes it after them; each test's contexts close after it. */
export function chromiumForSpec(): SpecBrowser {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const context = async (options?: BrowserContextOptions) => {
    if (!browser)
      throw new Error('Chromium is not running (chromiumForSpec() must be called in a describe block)');
    const opened = await browser.newContext(options);
    contexts.push(opened);
    return opened;
  };
  return {
    context,
    async phone() {
      const opened = await context({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
      return { context: opened, page: await opened.newPage() };
    },
  };
}

/** Runs axe-core in the page and returns the serious and critical accessibility violations. */
export async function accessibilityViolations(
  page: Page,
): Promise<{ id: string; help: string; nodes: string[] }[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy (script-src 'self') allows.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<unknown> } }).axe;
    return (await axe.run(document)) as {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    };
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      help: violation.help,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/**
 * Signs a person in as she would: opens a Beacon page, follows its "Sign in" button to the identity provider's
 * development sign-in page, types her user name and password, and lands back on the page.
 */
export async function signInInBrowser(
  page: Page,
  url: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(url);
  await page.getByTestId('sign-in').click();
  await page.getByRole('heading', { name: 'Development sign-in' }).waitFor();
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((landed) => landed.href.startsWith(url));
}
