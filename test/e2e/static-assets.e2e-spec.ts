import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { WEB_ROOT } from '../../src/web-pages/web-pages.controller';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';

/** The screens as `npm run build` leaves them (web/dist): the production build the api serves. */
describe('the screens do not publish their source (issue 15, finding 7)', () => {
  let beacon: TestBeacon;
  const assets = readdirSync(join(WEB_ROOT, 'assets'));
  const scripts = assets.filter((name) => name.endsWith('.js'));

  beforeAll(async () => {
    beacon = await startTestBeacon({ BEACON_ROLE: 'api' });
  });

  afterAll(async () => {
    await beacon?.close();
  });

  it('serves the scripts, none of which points to a source map', async () => {
    expect(scripts.length).toBeGreaterThan(3);
    for (const name of scripts) {
      expect(readFileSync(join(WEB_ROOT, 'assets', name), 'utf8')).not.toMatch(/sourceMappingURL/);
    }
    const response = await request(beacon.url).get(`/assets/${scripts[0]}`);
    expect(response.status).toBe(200);
  });

  it('answers 404 for every source map, even one that exists on the server', async () => {
    const maps = assets.filter((name) => name.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    for (const name of maps) {
      const response = await request(beacon.url).get(`/assets/${name}`);
      expect({ name, status: response.status }).toEqual({ name, status: 404 });
      expect(response.text).not.toContain('sourcesContent');
    }
  });
});
