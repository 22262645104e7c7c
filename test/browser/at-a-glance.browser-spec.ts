/// <reference lib="dom" />
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, accessibilityViolations, launchChromium } from '../support/browser';
import type { Vitals } from '../support/clinical';
import { admissionBundle, minutesAgo, observationBundle, staffToken } from '../support/clinical';
import { SLOW_WARD, twoLadderWards } from '../support/escalations';
import { waitUntil } from '../support/private-redis';
import { JobName, QueueName } from '../../src/queue/queue.constants';
import { jobsIn } from '../support/queue-inspector';
import { Screen } from '../support/screens';
import type { TestBeacon } from '../support/test-app';
import { patientIdOf, postBundle, startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

/**
 * Issue 14's acceptance: the screens put the sickest woman first. Debian's Chromium against the real service,
 * PostgreSQL and Redis; screenshots in test/browser/artifacts.
 */
const WARD_A = 'maternity-a';
const WARD_B = SLOW_WARD;
const FULL_HD = { width: 1920, height: 1080 };

/** MEWS (placeholder bands) well into its highest level. */
const VERY_UNWELL: Vitals = {
  heartRate: 135,
  respiratoryRate: 32,
  temperature: 39.2,
  oxygenSaturation: 90,
  systolicBP: 85,
  diastolicBP: 50,
  consciousness: 'V',
};
/** MEWS 2 (heart rate 120, respiratory rate 24): the middle level. */
const DETERIORATING: Vitals = {
  heartRate: 120,
  respiratoryRate: 24,
  temperature: 36.8,
  oxygenSaturation: 98,
  systolicBP: 118,
  diastolicBP: 76,
  consciousness: 'A',
};
const WELL: Vitals = {
  heartRate: 78,
  respiratoryRate: 15,
  temperature: 36.8,
  oxygenSaturation: 98,
  systolicBP: 118,
  diastolicBP: 76,
  consciousness: 'A',
};

/** Two maternity wards (B a copy of A with a slow ladder); observations count as overdue the moment they are. */
function wardsWithoutOverdueGrace(): string {
  const file = twoLadderWards();
  const config = JSON.parse(readFileSync(file, 'utf8')) as {
    wards: { escalation?: { overdueGraceMinutes?: number } }[];
  };
  for (const ward of config.wards) if (ward.escalation) ward.escalation.overdueGraceMinutes = 0;
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('screens clinicians can act on at a glance (Chromium, real service)', () => {
  let beacon: TestBeacon;
  let client: TestEpr;
  let epr: string;
  let eprTokenAt = 0;
  let browser: Browser;
  let midwife: Screen;
  const pages: Page[] = [];

  beforeAll(async () => {
    client = await TestEpr.create();
    beacon = await startTestBeacon(
      { BEACON_ROLE: 'all', BEACON_WARD_CONFIG: wardsWithoutOverdueGrace(), BEACON_TIMER_SWEEP_MS: '1000' },
      { clients: [client.registration()] },
    );
    epr = await client.token(beacon.url);
    eprTokenAt = Date.now();
    browser = await launchChromium();
    midwife = await Screen.connect(beacon.url, {
      token: await staffToken('midwife', [WARD_A, WARD_B], 'Midwife Ada'),
    });
  });

  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
  });

  afterAll(async () => {
    midwife?.close();
    await browser?.close();
    await beacon?.close();
  });

  /** The EPR's access token, renewed well before it expires (this file runs for minutes on a busy machine). */
  async function eprToken(): Promise<string> {
    if (Date.now() - eprTokenAt > 60_000) {
      epr = await client.token(beacon.url);
      eprTokenAt = Date.now();
    }
    return epr;
  }

  async function admit(sourceId: string, ward: string, vitals: Vitals, bed: string, takenMinutesAgo = 1) {
    const response = await postBundle(
      beacon,
      await eprToken(),
      admissionBundle(sourceId, ward, vitals, minutesAgo(takenMinutesAgo), bed),
    );
    if (response.status !== 200) throw new Error(`admission refused: ${response.status} ${response.text}`);
    return (await patientIdOf(beacon, sourceId)) as string;
  }

  async function openAlert(patientId: string, kind: string): Promise<string> {
    let id: string | undefined;
    await waitUntil(
      async () => {
        const [row] = await beacon.database.query<{ id: string }>(
          `SELECT id FROM alert WHERE patient_id = $1 AND kind = $2 AND closed_at IS NULL`,
          [patientId, kind],
        );
        id = row?.id;
        return id !== undefined;
      },
      `a ${kind} alert`,
      20000,
    );
    return id as string;
  }

  /** Pathway prompts as PromptsService writes them (the pathways' own tests cover when they are raised). */
  async function seedPrompt(patientId: string, ward: string, code: string, title: string): Promise<void> {
    await beacon.database.query(
      `INSERT INTO alert (patient_id, ward_id, kind, state, level, severity, title, detail, raised_at, updated_at,
                          prompt_code, due_at)
       VALUES ($1, $2, 'prompt', 'raised', 'prompt', 50, $3, $4, now(), now(), $5, now() + interval '2 hours')`,
      [
        patientId,
        ward,
        title,
        JSON.stringify({
          pathway: 'smoking',
          action: code,
          text: `${title} at this appointment.`,
          ruleSet: 'NG209-2021',
          source: 'test',
          verification: 'unverified',
          staffMayRecord: true,
        }),
        `smoking/${code}`,
      ],
    );
  }

  async function open(path: string, token: string, viewport = FULL_HD, mobile = false): Promise<Page> {
    const page = await browser.newPage({ viewport, ...(mobile ? { hasTouch: true, isMobile: true } : {}) });
    pages.push(page);
    await page.goto(`${beacon.url}${path}#token=${token}`);
    return page;
  }

  const live = (page: Page) => page.getByTestId('connection').filter({ hasText: 'Live' }).first().waitFor();
  const tile = (page: Page, patientId: string) =>
    page.locator(`[data-testid=bed][data-patient-id="${patientId}"]`);

  describe('ward display at 1920×1080', () => {
    let unwell: string;
    let overdue: string;
    let worried: string;
    let display: Page;

    beforeAll(async () => {
      unwell = await admit('g-unwell', WARD_A, VERY_UNWELL, 'Bed 3');
      // MEWS routine sets are due every 240 minutes (placeholder): this one was taken 5 h 31 min ago.
      overdue = await admit('g-overdue', WARD_A, WELL, 'Bed 7', 331);
      worried = await admit('g-worried', WARD_A, WELL, 'Bed 5');
      const others: string[] = [];
      for (let bed = 8; bed <= 22; bed++)
        others.push(await admit(`g-bed-${bed}`, WARD_A, WELL, `Bed ${bed}`));
      await midwife.must('concern:raise', { patientId: worried, note: 'She says she feels very unwell' });
      await openAlert(unwell, 'deterioration');
      await openAlert(overdue, 'overdue');
      // The pathways reconcile each patient's prompts after intake (and would close these test ones): let them finish.
      await waitUntil(
        async () =>
          (
            await jobsIn(
              beacon.config.env.BEACON_REDIS_URL,
              beacon.config.env.BEACON_QUEUE_PREFIX,
              QueueName.Timers,
              JobName.CheckPrompts,
            )
          ).filter((job) => ['waiting', 'active', 'prioritized'].includes(job.state)).length === 0 &&
          (
            await beacon.database.query(
              `SELECT DISTINCT patient_id FROM observation_set WHERE patient_id = ANY($1)`,
              [[unwell, overdue, worried, ...others]],
            )
          ).length ===
            others.length + 3,
        'intake and prompt checks of every admitted patient',
        30000,
      );
      // 20 prompts: 13 "Record smoking status" and 7 "Carbon monoxide test missing", on beds with no escalation.
      for (const patient of others.slice(0, 13))
        await seedPrompt(patient, WARD_A, 'record-smoking-status', 'Record smoking status');
      for (const patient of others.slice(0, 7))
        await seedPrompt(patient, WARD_A, 'co-test-missing', 'Carbon monoxide test missing');
    });

    beforeEach(async () => {
      display = await open(`/ward/${WARD_A}`, await staffToken('ward-display', [WARD_A]));
      await live(display);
      await display.getByTestId('bed').nth(17).waitFor();
    });

    it('shows an alerting score at least 72 px high, and the level as a fill, a shape and a word', async () => {
      const unwellTile = tile(display, unwell);
      await display
        .locator(`[data-testid=bed][data-patient-id="${unwell}"][data-state=deterioration]`)
        .waitFor();
      const score = unwellTile.getByTestId('score');
      const box = await score.boundingBox();
      const fontSize = await score.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
      expect(fontSize).toBeGreaterThanOrEqual(72);
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(72);
      await expect(unwellTile.textContent()).resolves.toContain('High');
      await expect(unwellTile.textContent()).resolves.toContain('not acknowledged');
      const fill = await unwellTile.evaluate((element) => getComputedStyle(element).backgroundColor);
      // MEWS "High" is drawn in its chart colour #c62828.
      expect(fill).toBe('rgb(198, 40, 40)');
      // The alert row counts what its timer counts.
      await expect(
        display
          .locator('[data-testid=alert][data-state=raised]', { hasText: 'Bed 3' })
          .getByTestId('timer')
          .textContent(),
      ).resolves.toMatch(/^not acknowledged \d+:\d\d/);
      await display.screenshot({ path: join(ARTIFACTS, 'glance-ward-display.png') });
    });

    it('shows "Obs overdue" with the time since the last set on an overdue tile, never "Low" or its old score', async () => {
      const overdueTile = tile(display, overdue);
      await overdueTile.getByTestId('overdue').waitFor();
      const text = (await overdueTile.textContent()) ?? '';
      expect(text).toMatch(/Obs overdue 5 h 3[12] min/);
      expect(text).not.toContain('Low');
      expect(await overdueTile.getByTestId('score').count()).toBe(0);
      const concernTile = tile(display, worried);
      expect(await concernTile.getAttribute('data-state')).toBe('concern');
      expect(await concernTile.textContent()).toContain('Concern');
      expect(await concernTile.textContent()).not.toContain('Low');
    });

    it('folds 20 prompts into a panel with a count per kind that takes at most a quarter of the screen', async () => {
      const panel = display.getByTestId('prompt-panel');
      await panel.getByTestId('prompt-kind').first().waitFor();
      expect(await panel.getByTestId('prompt-kind').allTextContents()).toEqual([
        'Record smoking status 13',
        'Carbon monoxide test missing 7',
      ]);
      const box = await panel.boundingBox();
      expect((box?.width ?? Infinity) * (box?.height ?? Infinity)).toBeLessThanOrEqual(0.25 * 1920 * 1080);
      // Opened, the list scrolls inside the same quarter.
      await panel.locator('summary').click();
      await panel.getByTestId('prompt').first().waitFor();
      const opened = await panel.boundingBox();
      expect((opened?.width ?? Infinity) * (opened?.height ?? Infinity)).toBeLessThanOrEqual(
        0.25 * 1920 * 1080,
      );
      await display.screenshot({ path: join(ARTIFACTS, 'glance-ward-display-prompts-open.png') });
    });

    it('keeps an acknowledged high-risk alert in its level colour and word, with who is attending', async () => {
      const alertId = await openAlert(unwell, 'deterioration');
      await midwife.must('alert:acknowledge', { alertId });
      await midwife.must('alert:respond', { alertId, response: 'attending' });
      const unwellTile = tile(display, unwell);
      await unwellTile.getByTestId('attending').filter({ hasText: 'Attending: Midwife Ada' }).waitFor();
      expect(await unwellTile.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe(
        'rgb(198, 40, 40)',
      );
      expect(await unwellTile.textContent()).toContain('High');
      const row = display.locator(`[data-testid=alert][data-alert-id="${alertId}"]`);
      await row.getByTestId('attending').filter({ hasText: 'Attending: Midwife Ada' }).waitFor();
      expect(await row.getByTestId('level').textContent()).toContain('High');
      await display.screenshot({ path: join(ARTIFACTS, 'glance-ward-display-attending.png') });
    });

    it('has no serious or critical accessibility violations', async () => {
      expect(await accessibilityViolations(display)).toEqual([]);
    });
  });

  describe('handheld of a midwife on two wards (390×844)', () => {
    it(`lists both wards' alerts in one list in urgency order, with "Raise a concern" on the first screen`, async () => {
      // Ward B's MEWS 2 was raised after ward A's worst: it still comes after it, whatever the ward. At one level an
      // alert nobody has taken on comes before one being dealt with (an earlier test is attending one).
      await openAlert(await admit('g-a-bed30', WARD_A, VERY_UNWELL, 'Bed 30'), 'deterioration');
      const cotFour = await admit('g-b-cot4', WARD_B, DETERIORATING, 'Bed 4');
      const wardBAlert = await openAlert(cotFour, 'deterioration');
      const handheld = await open(
        '/handheld',
        await staffToken('midwife', [WARD_A, WARD_B], 'Midwife Ada'),
        { width: 390, height: 844 },
        true,
      );
      await live(handheld);
      await handheld.locator(`[data-testid=alert][data-alert-id="${wardBAlert}"]`).waitFor();
      const expected = await beacon.database.query<{ id: string }>(
        `SELECT id FROM alert WHERE closed_at IS NULL AND kind <> 'prompt' AND ward_id = ANY($1)
          ORDER BY severity, state <> 'raised', raised_at`,
        [[WARD_A, WARD_B]],
      );
      await waitUntil(
        async () => (await handheld.getByTestId('alert').count()) === expected.length,
        'every open alert of both wards',
      );
      const shown = await handheld
        .getByTestId('alert')
        .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-alert-id')));
      expect(shown).toEqual(expected.map((row) => row.id));
      const wards = await handheld
        .getByTestId('alert')
        .evaluateAll((cards) => [...new Set(cards.map((card) => card.getAttribute('data-ward-id')))].sort());
      expect(wards).toEqual([WARD_A, WARD_B]);

      const concern = await handheld.getByTestId('raise-concern').boundingBox();
      expect((concern?.y ?? Infinity) + (concern?.height ?? 0)).toBeLessThanOrEqual(844);
      // Prompts sit below the alerts, folded.
      const lastCard = await handheld.getByTestId('alert').last().boundingBox();
      const prompts = await handheld.getByTestId('prompt-panel').boundingBox();
      expect(prompts?.y ?? 0).toBeGreaterThan(lastCard?.y ?? Infinity);
      expect(await handheld.getByTestId('prompt').first().isVisible()).toBe(false);
      await handheld.screenshot({ path: join(ARTIFACTS, 'glance-handheld.png'), fullPage: true });
      expect(await accessibilityViolations(handheld)).toEqual([]);

      const card = handheld.locator(`[data-testid=alert][data-alert-id="${wardBAlert}"]`);
      await card.getByRole('button', { name: 'Acknowledge' }).tap();
      await card.getByRole('button', { name: 'Attending' }).tap();
      await card.getByTestId('attending').filter({ hasText: 'Attending: Midwife Ada' }).waitFor();
      // Only what makes sense now: escalate; "not required" is no longer offered.
      expect(await card.getByRole('button', { name: 'Escalating' }).count()).toBe(1);
      expect(await card.getByRole('button', { name: 'Not required' }).count()).toBe(0);
      expect(await card.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
      await handheld.screenshot({ path: join(ARTIFACTS, 'glance-handheld-attending.png') });
    });
  });

  describe("coordinator's huddle view (1440×900)", () => {
    it('shows every ward she covers and updates live when an alert is raised on either ward', async () => {
      const huddle = await open('/huddle', await staffToken('coordinator', [], 'Coordinator Joy'), {
        width: 1440,
        height: 900,
      });
      await live(huddle);
      const wardA = huddle.locator(`[data-testid=huddle-ward][data-ward-id="${WARD_A}"]`);
      const wardB = huddle.locator(`[data-testid=huddle-ward][data-ward-id="${WARD_B}"]`);
      await wardA.waitFor();
      await wardB.waitFor();
      const before = await wardB.getByTestId('level-count').count();

      // A new escalation on ward B appears, unacknowledged, without reloading the page.
      const cotSix = await admit('g-b-cot6', WARD_B, VERY_UNWELL, 'Bed 6');
      await openAlert(cotSix, 'deterioration');
      await wardB
        .getByTestId('oldest-unacknowledged')
        .filter({ hasText: 'Bed 6' })
        .or(wardB.getByTestId('oldest-unacknowledged').filter({ hasText: 'not acknowledged' }))
        .first()
        .waitFor();
      await wardB.getByTestId('level-count').filter({ hasText: 'High' }).waitFor();
      expect(await wardB.getByTestId('level-count').count()).toBeGreaterThanOrEqual(Math.max(before, 1));

      // A concern raised on ward A: listed under concerns, and its midwife under "escalated today".
      const wardAPatient = await admit('g-a-bed31', WARD_A, WELL, 'Bed 31');
      await midwife.must('concern:raise', { patientId: wardAPatient });
      await wardA.getByTestId('concerns').filter({ hasText: 'Bed 31' }).waitFor();
      await wardA.getByTestId('escalated-today').filter({ hasText: 'Midwife Ada (midwife)' }).waitFor();
      await huddle.screenshot({ path: join(ARTIFACTS, 'glance-huddle.png'), fullPage: true });
      expect(await accessibilityViolations(huddle)).toEqual([]);
    });

    it('is for coordinators and admins: a midwife is refused, and its data route checks role and input', async () => {
      const asMidwife = await open('/huddle', await staffToken('midwife', [WARD_A], 'Midwife Bea'), {
        width: 1440,
        height: 900,
      });
      await asMidwife.getByTestId('problem').filter({ hasText: 'for ward coordinators' }).waitFor();
      expect(await asMidwife.getByTestId('huddle-ward').count()).toBe(0);
      expect(await accessibilityViolations(asMidwife)).toEqual([]);

      const get = async (query: string, token: string) =>
        fetch(`${beacon.url}/api/huddle/escalated-today${query}`, {
          headers: { Authorization: `Bearer ${token}` },
        });
      expect((await get('', await staffToken('midwife', [WARD_A]))).status).toBe(403);
      const refused = await get('?ward=nowhere', await staffToken('coordinator'));
      expect(refused.status).toBe(400);
      expect(JSON.stringify(await refused.json())).toContain('ward');
      const answer = await get(`?ward=${WARD_A}`, await staffToken('admin'));
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { wards: { wardId: string }[] };
      expect(body.wards.map((ward) => ward.wardId)).toEqual([WARD_A]);
    });
  });

  describe('audit pages at 1440×900', () => {
    it('fit the list on the screen, word an overdue row by the time since the last set and say "no screen open"', async () => {
      const late = await admit('g-audit-overdue', WARD_A, WELL, 'Bed 41', 300);
      const overdueAlert = await openAlert(late, 'overdue');
      const list = await open('/audit/alerts', await staffToken('auditor'), { width: 1440, height: 900 });
      const row = list.locator(`[data-testid=escalation][data-alert-id="${overdueAlert}"]`);
      await row.waitFor();
      expect(await row.locator('[data-duration=since-last-set]').textContent()).toMatch(
        /^5 h 0\d min since the last set$/,
      );
      expect(await row.locator('[data-duration=takenToReceived]').count()).toBe(0);
      expect(await row.locator('[data-duration=raisedToDelivered]').textContent()).toBe('no screen open');
      const fits = await list
        .locator('.audit-table-wrap')
        .first()
        .evaluate((wrap) => wrap.scrollWidth <= wrap.clientWidth);
      expect(fits).toBe(true);
      await list.screenshot({ path: join(ARTIFACTS, 'glance-audit-list.png') });
    });

    it('shows readings with units and when Beacon received each set, with re-score records folded behind a toggle', async () => {
      const takenAt = minutesAgo(2);
      const { oxygenSaturation: _late, ...withoutSaturation } = DETERIORATING;
      const response = await postBundle(
        beacon,
        await eprToken(),
        admissionBundle('g-audit-late', WARD_A, withoutSaturation, takenAt, 'Bed 42'),
      );
      expect(response.status).toBe(200);
      const patient = (await patientIdOf(beacon, 'g-audit-late')) as string;
      const alertId = await openAlert(patient, 'deterioration');
      expect(
        (
          await postBundle(
            beacon,
            await eprToken(),
            observationBundle('g-audit-late', { oxygenSaturation: 97 }, takenAt),
          )
        ).status,
      ).toBe(200);
      await waitUntil(
        async () =>
          (
            await beacon.database.query(
              `SELECT 1 FROM audit_event WHERE patient_id = $1 AND type = 'set.scored' AND details->>'rescored' = 'true'`,
              [patient],
            )
          ).length > 0,
        'the set re-scored with the late reading',
        20000,
      );
      const timeline = await open(`/audit/alerts/${alertId}`, await staffToken('auditor'), {
        width: 1440,
        height: 900,
      });
      const readings = timeline.getByTestId('set-readings').first();
      await readings.waitFor();
      expect(await readings.textContent()).toContain('beats/min');
      expect(await readings.textContent()).toContain('°C');
      expect(await timeline.getByTestId('set-received').first().textContent()).not.toBe('not recorded');
      const scored = timeline.locator('[data-testid=step][data-type="set.scored"]');
      const folded = await scored.count();
      await timeline.getByTestId('show-rescores').check();
      await waitUntil(async () => (await scored.count()) > folded, 'the re-score records shown');
      await timeline.screenshot({ path: join(ARTIFACTS, 'glance-audit-timeline.png'), fullPage: true });
    });
  });

  describe('every page', () => {
    const ids = { mother: '', baby: '', alert: '' };

    beforeAll(async () => {
      ids.mother = await admit('g-pages-mother', WARD_A, DETERIORATING, 'Bed 40');
      ids.alert = await openAlert(ids.mother, 'deterioration');
      ids.baby = await admit(
        'g-pages-baby',
        'transitional-care',
        { temperature: 36.8, heartRate: 130, respiratoryRate: 45 },
        'Cot 9',
      );
    });

    const everyPage: {
      name: string;
      path: () => string;
      role: Parameters<typeof staffToken>[0];
      hint: string;
    }[] = [
      {
        name: 'ward display',
        path: () => `/ward/${WARD_A}`,
        role: 'ward-display',
        // A ward display is paired, not signed in: unpaired, it shows its pairing code.
        hint: 'Pair this ward display',
      },
      { name: 'handheld', path: () => '/handheld', role: 'midwife', hint: '--role midwife' },
      { name: 'huddle', path: () => '/huddle', role: 'coordinator', hint: '--role coordinator' },
      {
        name: 'patient chart',
        path: () => `/patient/${ids.mother}`,
        role: 'midwife',
        hint: '--role midwife',
      },
      { name: 'passport', path: () => `/passport/${ids.baby}`, role: 'midwife', hint: '--role midwife' },
      { name: 'audit list', path: () => '/audit/alerts', role: 'auditor', hint: '--role auditor' },
      {
        name: 'audit timeline',
        path: () => `/audit/alerts/${ids.alert}`,
        role: 'auditor',
        hint: '--role auditor',
      },
    ];

    it.each(everyPage)(
      '$name: a favicon, a sign-in hint that fits it, the demonstration banner once signed in, no serious accessibility violations',
      async ({ path, role, hint }) => {
        const signedOut = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        pages.push(signedOut);
        await signedOut.goto(`${beacon.url}${path()}`);
        await signedOut.locator('main', { hasText: hint }).first().waitFor({ timeout: 10000 });
        expect(await signedOut.locator('link[rel=icon]').count()).toBe(1);

        const page = await open(
          path(),
          await staffToken(role, [WARD_A, 'transitional-care'], `Test ${role}`),
          {
            width: 1440,
            height: 900,
          },
        );
        const banner = page.getByTestId('unverified-banner').filter({ hasText: 'DEMONSTRATION' }).first();
        await banner.waitFor({ timeout: 15000 });
        expect(await banner.textContent()).toContain('MEWS');
        expect(await accessibilityViolations(page)).toEqual([]);
      },
    );
  });
});
