/// <reference lib="dom" />
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { NumericParameter } from '../../src/scoring';
import { CHARTS } from '../support/charts';
import { ARTIFACTS, accessibilityViolations, launchChromium } from '../support/browser';
import type { Vitals } from '../support/clinical';
import {
  admissionBundle,
  minutesAgo,
  observationBundle,
  staffToken,
  NORMAL_VITALS,
} from '../support/clinical';
import { waitUntil } from '../support/private-redis';
import type { TestBeacon } from '../support/test-app';
import { patientIdOf, postBundle, startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const WARD = 'maternity-a';
const NORMAL: Vitals = NORMAL_VITALS;
const { heartRate: _omitted, ...WITHOUT_HEART_RATE } = NORMAL;

/** The sets posted: heart rate 84, none (a gap), 110, then 120 with respiratory rate 24 (MEWS total 2: an alert). */
const SETS: { minutesAgo: number; vitals: Vitals }[] = [
  { minutesAgo: 120, vitals: NORMAL },
  { minutesAgo: 90, vitals: WITHOUT_HEART_RATE },
  { minutesAgo: 60, vitals: { ...NORMAL, heartRate: 110 } },
  { minutesAgo: 30, vitals: { ...NORMAL, heartRate: 120, respiratoryRate: 24 } },
];

// The expectations come from the chart definition itself, never from what the page drew.
const mews = CHARTS.mews;
const heartRateBands = (mews.parameters.find((parameter) => parameter.id === 'heartRate') as NumericParameter)
  .variants[0]?.bands;
const expectedColour = (heartRate: number): string => {
  const band = heartRateBands?.find((candidate) => heartRate >= candidate.from && heartRate <= candidate.to);
  return normalise(mews.scoreColours[band?.score ?? -1] ?? 'missing');
};

/** "#FFF59D", "rgb(255, 245, 157)" → "#fff59d". */
function normalise(colour: string): string {
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/i.exec(colour);
  if (rgb)
    return `#${rgb
      .slice(1, 4)
      .map((part) => Number(part).toString(16).padStart(2, '0'))
      .join('')}`;
  return colour.toLowerCase();
}

interface Drawing {
  /** Filled shapes spanning the plot: the chart's bands. */
  bands: { fill: string; top: number; bottom: number }[];
  /** Small filled shapes: one per reading. */
  points: { fill: string; x: number; y: number }[];
  /** Every stroked straight segment, from the SVG path data. */
  segments: { x1: number; y1: number; x2: number; y2: number }[];
  texts: string[];
}

/** What one panel's SVG actually contains, measured in the browser. */
function drawingOf(page: Page, parameter: string): Promise<Drawing> {
  return page.locator(`[data-testid=panel][data-parameter=${parameter}] svg`).evaluate((svg) => {
    const width = svg.getBoundingClientRect().width;
    const origin = svg.getBoundingClientRect();
    const drawing: Drawing = { bands: [], points: [], segments: [], texts: [] };
    for (const path of Array.from(svg.querySelectorAll('path'))) {
      const fill = path.getAttribute('fill') ?? 'none';
      const box = path.getBoundingClientRect();
      if (fill !== 'none' && box.width > width * 0.5 && box.height > 0)
        drawing.bands.push({ fill, top: box.top - origin.top, bottom: box.bottom - origin.top });
      else if (fill !== 'none' && box.width <= 14 && box.height <= 14 && box.width > 2)
        drawing.points.push({
          fill,
          x: box.left - origin.left + box.width / 2,
          y: box.top - origin.top + box.height / 2,
        });
      if (fill === 'none' && !path.getAttribute('transform')) {
        const commands = [...(path.getAttribute('d') ?? '').matchAll(/([ML])\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)];
        commands.forEach((command, index) => {
          const previous = commands[index - 1];
          if (command[1] === 'L' && previous)
            drawing.segments.push({
              x1: Number(previous[2]),
              y1: Number(previous[3]),
              x2: Number(command[2]),
              y2: Number(command[3]),
            });
        });
      }
    }
    drawing.texts = Array.from(svg.querySelectorAll('text')).map((text) => text.textContent ?? '');
    return drawing;
  });
}

describe('patient chart in Chromium (real service, PostgreSQL and Redis)', () => {
  let beacon: TestBeacon;
  let epr: string;
  let browser: Browser;
  let patientId: string;
  let page: Page;
  const taken = SETS.map((set) => minutesAgo(set.minutesAgo));

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'all' }, { clients: [client.registration()] });
    epr = await client.token(beacon.url);
    const [first, ...rest] = SETS;
    const send = async (bundle: unknown) => {
      const response = await postBundle(beacon, epr, bundle);
      if (response.status !== 200) throw new Error(`${response.status} ${response.text}`);
    };
    await send(admissionBundle('chart-1', WARD, first?.vitals ?? NORMAL, taken[0] as string, 'Bed 6'));
    for (const [index, set] of rest.entries())
      await send(observationBundle('chart-1', set.vitals, taken[index + 1] as string));
    patientId = (await patientIdOf(beacon, 'chart-1')) as string;
    await waitUntil(
      async () =>
        (await beacon.database.query(`SELECT id FROM alert WHERE patient_id = $1`, [patientId])).length > 0,
      'the alert raised by the last set',
      20000,
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${beacon.url}/patient/${patientId}#token=${await staffToken('midwife', [WARD])}`);
    await page.getByTestId('connection').filter({ hasText: 'Live' }).waitFor();
    await page
      .locator('[data-testid=set-row]')
      .nth(SETS.length - 1)
      .waitFor({ state: 'attached' });
  });

  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await beacon?.close();
  });

  it('draws each heart rate reading on the band of the chart definition, in its colour', async () => {
    const drawing = await drawingOf(page, 'heartRate');
    // Bottom to top, the bands are the definition's, each in the colour of its score.
    const bands = [...drawing.bands].sort((a, b) => b.bottom - a.bottom);
    expect(bands.map((band) => normalise(band.fill))).toEqual(
      heartRateBands?.map((band) => normalise(mews.scoreColours[band.score] ?? 'missing')),
    );

    const readings = [84, 110, 120];
    const points = [...drawing.points].sort((a, b) => a.x - b.x);
    expect(points).toHaveLength(readings.length);
    points.forEach((point, index) => {
      const expected = expectedColour(readings[index] as number);
      const under = drawing.bands.find((band) => point.y >= band.top && point.y <= band.bottom);
      expect({ reading: readings[index], band: normalise(under?.fill ?? 'none') }).toEqual({
        reading: readings[index],
        band: expected,
      });
      expect(normalise(point.fill)).toBe(expected);
    });
    await page.screenshot({ path: join(ARTIFACTS, 'patient-chart.png'), fullPage: true });
  });

  it('leaves a gap where a set has no heart rate: no line is drawn across it', async () => {
    const drawing = await drawingOf(page, 'heartRate');
    const [before, after] = [...drawing.points].sort((a, b) => a.x - b.x);
    if (!before || !after) throw new Error('the readings either side of the gap are not drawn');
    const [t0, t1, t2] = taken.map((at) => Date.parse(at));
    const gapX =
      before.x +
      ((after.x - before.x) * ((t1 as number) - (t0 as number))) / ((t2 as number) - (t0 as number));
    const across = drawing.segments.filter(
      (segment) =>
        Math.min(segment.x1, segment.x2) < gapX &&
        Math.max(segment.x1, segment.x2) > gapX &&
        Math.abs(segment.y1 - segment.y2) > 0.5,
    );
    expect(across).toEqual([]);
    // The readings after the gap are joined (the check above would be empty if nothing were ever joined).
    expect(drawing.segments.some((segment) => Math.min(segment.x1, segment.x2) > gapX)).toBe(true);
  });

  it('marks the alert on the time axis and names the chart, its version and that it is unverified', async () => {
    const total = await drawingOf(page, 'total');
    expect(total.texts).toContain('Raised');
    await page.locator('[data-testid=marker][data-event=raised]').waitFor();
    const badge = page.getByTestId('chart-id');
    expect(await badge.textContent()).toContain(mews.version);
    expect(await badge.getByTestId('verification').textContent()).toMatch(
      mews.verification === 'verified' ? /^Verified/ : /UNVERIFIED/,
    );
  });

  it('shows a new set without a reload', async () => {
    await postBundle(beacon, epr, observationBundle('chart-1', { ...NORMAL, heartRate: 131 }, minutesAgo(5)));
    await page
      .locator('[data-testid=set-row]')
      .nth(SETS.length)
      .waitFor({ state: 'attached', timeout: 20000 });
    const points = (await drawingOf(page, 'heartRate')).points.sort((a, b) => a.x - b.x);
    expect(points).toHaveLength(4);
    expect(normalise(points.at(-1)?.fill ?? '')).toBe(expectedColour(131));
  });

  it('zooms from the keyboard, prints without its controls, and has no serious accessibility problems', async () => {
    expect(await accessibilityViolations(page)).toEqual([]);
    const before = (await drawingOf(page, 'heartRate')).points.map((point) => point.x);
    // The chart opens on the last 12 hours; three days is longer: the same readings draw closer together.
    await page.getByRole('button', { name: 'Last 3 days' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('button[data-range="3d"][aria-pressed=true]').waitFor();
    const after = (await drawingOf(page, 'heartRate')).points.map((point) => point.x);
    expect(Math.max(...after) - Math.min(...after)).toBeLessThan(Math.max(...before) - Math.min(...before));

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('group', { name: 'Time shown' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });
});
