import request from 'supertest';
import { Screen } from '../support/screens';
import type { SignInBeacon } from '../support/sign-in';
import { cookieHeader, signInOverHttp, startSignInBeacon } from '../support/sign-in';

const GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

describe('ward display pairing (OAuth 2.0 device authorization grant)', () => {
  let setup: SignInBeacon;

  beforeAll(async () => {
    setup = await startSignInBeacon({ BEACON_ROLE: 'api' });
  });

  afterAll(async () => {
    await setup?.close();
  });

  const poll = (deviceCode: string) =>
    request(setup.beacon.url)
      .post('/auth/device/token')
      .type('form')
      .send({ grant_type: GRANT, device_code: deviceCode });

  async function coordinator(): Promise<{ jar: string; csrf: string }> {
    const { cookie } = await signInOverHttp(setup, 'coordinator');
    const jar = cookieHeader(setup, cookie);
    const { body } = await request(setup.beacon.url).get('/auth/session').set('Cookie', jar).expect(200);
    return { jar, csrf: (body as { csrfToken: string }).csrfToken };
  }

  it('pairs a display for the ward a coordinator chooses, display-only, listed, revocable and audited', async () => {
    const start = (await request(setup.beacon.url).post('/auth/device').expect(200)) as {
      body: { device_code: string; user_code: string; verification_uri: string; qr_svg: string };
    };
    expect(start.body.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(start.body.verification_uri).toBe(`${setup.beacon.config.publicUrl}/admin/displays`);
    expect(start.body.qr_svg).toMatch(/^<svg/);
    expect((await poll(start.body.device_code)).body).toEqual({ error: 'authorization_pending' });
    expect((await poll(start.body.device_code)).body).toEqual({ error: 'slow_down' });

    const { jar, csrf } = await coordinator();
    // A midwife may not pair displays.
    const midwife = cookieHeader(setup, (await signInOverHttp(setup, 'midwife.a')).cookie);
    const midwifeCsrf = (
      (await request(setup.beacon.url).get('/auth/session').set('Cookie', midwife)).body as {
        csrfToken: string;
      }
    ).csrfToken;
    await request(setup.beacon.url)
      .post('/api/displays/approve')
      .set('Cookie', midwife)
      .set('X-CSRF-Token', midwifeCsrf)
      .send({ userCode: start.body.user_code, wardId: 'maternity-a' })
      .expect(403);
    const unknownWard = await request(setup.beacon.url)
      .post('/api/displays/approve')
      .set('Cookie', jar)
      .set('X-CSRF-Token', csrf)
      .send({ userCode: start.body.user_code, wardId: 'no-such-ward' });
    expect(unknownWard.status).toBe(400);
    expect(unknownWard.body.issue[0].expression).toEqual(['wardId']);

    const approved = await request(setup.beacon.url)
      .post('/api/displays/approve')
      .set('Cookie', jar)
      .set('X-CSRF-Token', csrf)
      .send({ userCode: start.body.user_code.toLowerCase(), wardId: 'maternity-a', name: 'Bay 1 screen' })
      .expect(201);
    expect(approved.body).toMatchObject({
      wardId: 'maternity-a',
      name: 'Bay 1 screen',
      pairedBy: 'Chloe Patel (ward coordinator)',
    });

    const paired = await poll(start.body.device_code).expect(200);
    expect(paired.body).toEqual({ paired: true, wardId: 'maternity-a' });
    const setCookie = paired.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/^beacon-session=[A-Za-z0-9_-]{40,}; Max-Age=7776000; /);
    expect(setCookie).toMatch(/HttpOnly/);
    const display = setCookie.split(';')[0] as string;
    // Usable once.
    expect((await poll(start.body.device_code)).body).toEqual({ error: 'expired_token' });

    const session = await request(setup.beacon.url).get('/auth/session').set('Cookie', display).expect(200);
    expect(session.body).toMatchObject({
      kind: 'display',
      user: { role: 'ward-display' },
      wards: ['maternity-a'],
    });

    const screen = await Screen.connect(
      setup.beacon.url,
      { screen: 'bay-1' },
      { reconnection: false, extraHeaders: { cookie: display, origin: setup.beacon.config.publicUrl } },
    );
    try {
      expect(await screen.command('ward:join', { wardId: 'maternity-a' })).toHaveProperty('data');
      expect(await screen.command('ward:join', { wardId: 'transitional-care' })).toMatchObject({
        status: 403,
      });

      const list = await request(setup.beacon.url).get('/api/displays').set('Cookie', jar).expect(200);
      const row = (list.body.displays as { id: string; lastContactAt: string | null }[]).find(
        (candidate) => candidate.id === approved.body.id,
      );
      expect(row?.lastContactAt).not.toBeNull();

      const closed = new Promise<string>((resolve) => screen.socket.on('disconnect', resolve));
      await request(setup.beacon.url)
        .post(`/api/displays/${approved.body.id}/revoke`)
        .set('Cookie', jar)
        .expect(403); // no CSRF token
      const revoked = await request(setup.beacon.url)
        .post(`/api/displays/${approved.body.id}/revoke`)
        .set('Cookie', jar)
        .set('X-CSRF-Token', csrf)
        .expect(200);
      expect(revoked.body.revokedAt).not.toBeNull();
      expect(await closed).toBe('io server disconnect');
      expect(screen.events('session:ended')).toHaveLength(1);
      await request(setup.beacon.url).get('/auth/session').set('Cookie', display).expect(401);
    } finally {
      screen.close();
    }

    const audit = await setup.beacon.database.query<{ type: string; ward_id: string; actor_id: string }>(
      "SELECT type, ward_id, actor_id FROM audit_event WHERE type IN ('display.paired', 'display.revoked') ORDER BY id",
    );
    expect(audit).toEqual([
      { type: 'display.paired', ward_id: 'maternity-a', actor_id: 'coordinator' },
      { type: 'display.revoked', ward_id: 'maternity-a', actor_id: 'coordinator' },
    ]);
  });

  it('refuses an unknown user code (404) and an unknown device code', async () => {
    const { jar, csrf } = await coordinator();
    const unknown = await request(setup.beacon.url)
      .post('/api/displays/approve')
      .set('Cookie', jar)
      .set('X-CSRF-Token', csrf)
      .send({ userCode: 'BCDF-GHJK', wardId: 'maternity-a' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.issue[0].expression).toEqual(['userCode']);
    expect((await poll('not-a-device-code')).body).toEqual({ error: 'expired_token' });
  });

  it('lists thousands of paired displays, newest first, within the limit asked for', async () => {
    await setup.beacon.database.query(
      `INSERT INTO ward_display (ward_id, name, paired_by_id, paired_by_name, session_key, paired_at)
       SELECT 'transitional-care', 'Bulk display ' || n, 'admin', 'Eleanor Shaw', '', now() - n * interval '1 minute'
       FROM generate_series(1, 3000) AS n`,
    );
    const { jar } = await coordinator();
    const list = await request(setup.beacon.url)
      .get('/api/displays?limit=2500')
      .set('Cookie', jar)
      .expect(200);
    const names = (list.body.displays as { name: string }[])
      .map((display) => display.name)
      .filter((name) => name.startsWith('Bulk'));
    expect(names).toHaveLength(2500);
    expect(names.slice(0, 3)).toEqual(['Bulk display 1', 'Bulk display 2', 'Bulk display 3']);
  });
});
