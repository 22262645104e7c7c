import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { DevIdentityProvider } from '../../src/dev-identity/dev-identity-provider';
import { BeaconProcess } from '../support/beacon-process';
import { freePort } from '../support/private-redis';
import { createTestDatabase, dropDatabase, queuePrefix } from '../support/test-database';
import request from 'supertest';
import type { SessionRecord } from '../../src/auth/sign-in/staff-sessions';
import { StaffSessions } from '../../src/auth/sign-in/staff-sessions';
import { REDIS } from '../../src/redis/redis.module';
import { TEST_TOKEN_SECRET, staffToken } from '../support/clinical';
import { Screen } from '../support/screens';
import type { SignInBeacon } from '../support/sign-in';
import { cookieHeader, signInOverHttp, startSignInBeacon } from '../support/sign-in';
import { startTestBeacon } from '../support/test-app';

/** Reads the server-side session a cookie stands for (the test looks where the tokens are kept). */
async function storedSession(setup: SignInBeacon, cookie: string): Promise<SessionRecord> {
  const redis = setup.beacon.app.get<Redis>(REDIS);
  const key = setup.beacon.app.get(StaffSessions).keyOf(cookie);
  const text = await redis.get(key);
  if (!text) throw new Error('no session in Redis');
  return JSON.parse(text) as SessionRecord;
}

function sessionScreen(setup: SignInBeacon, cookie: string, origin = setup.beacon.config.publicUrl) {
  return Screen.connect(
    setup.beacon.url,
    { screen: 'e2e-handheld' },
    { reconnection: false, extraHeaders: { cookie: cookieHeader(setup, cookie), origin } },
  );
}

describe('staff sign-in through the development OpenID provider (real oidc-provider, Redis sessions)', () => {
  let setup: SignInBeacon;

  beforeAll(async () => {
    setup = await startSignInBeacon({ BEACON_ROLE: 'api' });
  });

  afterAll(async () => {
    await setup?.close();
  });

  it('signs a midwife in with an httpOnly, SameSite cookie and never shows the provider tokens', async () => {
    const trace = await signInOverHttp(setup, 'midwife.a');
    expect(trace.setCookie).toMatch(/^beacon-session=[A-Za-z0-9_-]{40,}; /);
    expect(trace.setCookie).toMatch(/; HttpOnly/i);
    expect(trace.setCookie).toMatch(/; SameSite=Lax/i);
    expect(trace.setCookie).toMatch(/; Path=\//i);
    expect(trace.setCookie).not.toMatch(/; Secure/i); // plain http on loopback: a Secure cookie would never return

    const session = await request(setup.beacon.url)
      .get('/auth/session')
      .set('Cookie', cookieHeader(setup, trace.cookie))
      .expect(200);
    expect(session.body).toMatchObject({
      user: { id: 'midwife.a', role: 'midwife' },
      kind: 'person',
      wards: ['maternity-a'],
      idleLockSeconds: 900,
    });
    expect(session.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    const stored = await storedSession(setup, trace.cookie);
    const secrets = [stored.tokens?.accessToken, stored.tokens?.refreshToken, stored.tokens?.idToken];
    expect(secrets.every((secret) => typeof secret === 'string' && secret.length > 20)).toBe(true);
    const everythingTheBrowserSaw = [...trace.seen.map((seen) => seen.headers + seen.body), session.text];
    for (const secret of secrets)
      for (const text of everythingTheBrowserSaw) expect(text.includes(secret as string)).toBe(false);
  });

  it("refuses a wrong password on the provider's sign-in page", async () => {
    await expect(signInOverHttp(setup, 'midwife.a', 'not-the-password')).rejects.toThrow(
      /no Beacon session after sign-in \(ended at 401/,
    );
  });

  it('lets a ward A session join ward A but not ward B on the /ward socket', async () => {
    const { cookie } = await signInOverHttp(setup, 'midwife.a');
    const screen = await sessionScreen(setup, cookie);
    try {
      expect(await screen.command('ward:join', { wardId: 'maternity-a' })).toHaveProperty('data');
      const refused = await screen.command('ward:join', { wardId: 'transitional-care' });
      expect(refused).toMatchObject({ status: 403 });
    } finally {
      screen.close();
    }
  });

  it('refuses a session cookie on a socket opened from another site', async () => {
    const { cookie } = await signInOverHttp(setup, 'midwife.a');
    await expect(sessionScreen(setup, cookie, 'https://evil.example')).rejects.toThrow(/origin/);
  });

  it('refuses a state-changing request without the CSRF token, and signs out with it, closing the socket at once', async () => {
    const { cookie } = await signInOverHttp(setup, 'midwife');
    const jar = cookieHeader(setup, cookie);
    const { body } = await request(setup.beacon.url).get('/auth/session').set('Cookie', jar).expect(200);
    const csrf = (body as { csrfToken: string }).csrfToken;

    const noToken = await request(setup.beacon.url).post('/auth/sign-out').set('Cookie', jar);
    expect(noToken.status).toBe(403);
    expect(noToken.body.issue[0].diagnostics).toMatch(/X-CSRF-Token/);
    const wrongToken = await request(setup.beacon.url)
      .post('/auth/sign-out')
      .set('Cookie', jar)
      .set('X-CSRF-Token', `${csrf.slice(1)}x`);
    expect(wrongToken.status).toBe(403);
    // The same rule on any other state-changing route a cookie reaches (here FHIR intake, which staff may not use).
    const intake = await request(setup.beacon.url)
      .post('/fhir')
      .set('Cookie', jar)
      .type('application/fhir+json')
      .send('{"resourceType":"Bundle","type":"batch","entry":[]}');
    expect(intake.status).toBe(403);
    expect(intake.body.issue[0].expression).toEqual(['x-csrf-token']);

    const screen = await sessionScreen(setup, cookie);
    const closed = new Promise<string>((resolve) => screen.socket.on('disconnect', resolve));
    const signOut = await request(setup.beacon.url)
      .post('/auth/sign-out')
      .set('Cookie', jar)
      .set('X-CSRF-Token', csrf)
      .expect(200);
    expect(signOut.body.endSessionUrl).toMatch(new RegExp(`^${setup.idp.issuer}/session/end\\?`));
    expect(signOut.body.endSessionUrl).not.toMatch(/id_token_hint/);
    expect(signOut.headers['set-cookie']?.[0]).toMatch(/^beacon-session=;/);
    expect(await closed).toBe('io server disconnect');
    expect(screen.events('session:ended')).toEqual([{ reason: 'signed out' }]);
    await request(setup.beacon.url).get('/auth/session').set('Cookie', jar).expect(401);
    await expect(sessionScreen(setup, cookie)).rejects.toThrow(/session/);
  });

  it('refreshes the provider tokens before they expire, keeping the session', async () => {
    const short = await startSignInBeacon({ BEACON_ROLE: 'api' }, { accessTokenSeconds: 30 });
    try {
      const { cookie } = await signInOverHttp(short, 'coordinator');
      const before = await storedSession(short, cookie);
      // 30-second tokens are inside the one-minute refresh margin: the next use renews them.
      await request(short.beacon.url)
        .get('/auth/session')
        .set('Cookie', cookieHeader(short, cookie))
        .expect(200);
      const after = await storedSession(short, cookie);
      expect(after.tokens?.accessToken).not.toBe(before.tokens?.accessToken);
      expect(after.tokens?.expiresAt).toBeGreaterThan(before.tokens?.expiresAt ?? Infinity);
      expect(after.principal.role).toBe('coordinator');
    } finally {
      await short.close();
    }
  });

  it("locks a person's session after the idle time", async () => {
    const idle = await startSignInBeacon({ BEACON_ROLE: 'api', BEACON_IDLE_LOCK_SECONDS: '5' });
    try {
      const { cookie } = await signInOverHttp(idle, 'midwife.a');
      const jar = cookieHeader(idle, cookie);
      await request(idle.beacon.url).get('/auth/session').set('Cookie', jar).expect(200);
      await new Promise((resolve) => setTimeout(resolve, 6000));
      const locked = await request(idle.beacon.url).get('/auth/session').set('Cookie', jar).expect(401);
      expect(locked.body.issue[0].diagnostics).toMatch(/locked after/);
    } finally {
      await idle.close();
    }
  });

  it('behind TLS the cookie is Secure and __Host- prefixed', async () => {
    const tls = await startSignInBeacon(
      { BEACON_ROLE: 'api' },
      { publicUrl: (port) => `https://127.0.0.1:${port}` },
    );
    try {
      const trace = await signInOverHttp(tls, 'auditor');
      expect(trace.setCookie).toMatch(/^__Host-beacon-session=[A-Za-z0-9_-]{40,}; /);
      expect(trace.setCookie).toMatch(/; Secure/i);
      expect(trace.setCookie).toMatch(/; HttpOnly/i);
      expect(trace.setCookie).toMatch(/; SameSite=Lax/i);
    } finally {
      await tls.close();
    }
  });
});

describe('live mode and development token links', () => {
  it('refuses a #token= development link (socket and HTTP) in live mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'beacon-live-wards-'));
    const wards = join(dir, 'wards.json');
    writeFileSync(
      wards,
      JSON.stringify({
        unit: { id: 'u', name: 'Unit' },
        wards: [
          {
            id: 'maternity-a',
            name: 'Maternity A',
            locations: ['maternity-a'],
            charts: { antenatal: 'news2', postnatal: 'news2', newborn: 'news2', adult: 'news2' },
            defaultGroup: 'adult',
          },
        ],
      }),
    );
    const beacon = await startTestBeacon({
      BEACON_ROLE: 'api',
      BEACON_CLINICAL_MODE: 'live',
      BEACON_WARD_CONFIG: wards,
    });
    try {
      const token = await staffToken('midwife', ['maternity-a']);
      await expect(Screen.connect(beacon.url, { token }, { reconnection: false })).rejects.toThrow(
        /development staff tokens are refused in live mode/,
      );
      const api = await request(beacon.url).get('/api/audit/alerts').set('Authorization', `Bearer ${token}`);
      expect(api.status).toBe(401);
    } finally {
      await beacon.close();
    }
  });
});

describe('tokens in logs', () => {
  it("never writes the provider tokens, the session cookie or the authorization code to Beacon's log", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const idp = await DevIdentityProvider.start({ beaconUrl: url });
    const database = await createTestDatabase();
    const prefix = queuePrefix();
    const beacon = BeaconProcess.start('main', {
      BEACON_ROLE: 'api',
      BEACON_LOG_LEVEL: 'trace',
      BEACON_DATABASE_URL: database.url,
      BEACON_QUEUE_PREFIX: prefix,
      BEACON_HTTP_PORT: String(port),
      BEACON_PUBLIC_URL: url,
      BEACON_TOKEN_SECRET: TEST_TOKEN_SECRET,
      BEACON_OIDC_ISSUER: idp.issuer,
      BEACON_OIDC_CLIENT_ID: idp.clientId,
      BEACON_OIDC_CLIENT_SECRET: idp.clientSecret,
      BEACON_OIDC_SCOPES: 'openid profile offline_access beacon',
    });
    try {
      await beacon.waitForOutput(/api listening/, 60000);
      const setup = {
        beacon: { url, config: { publicUrl: url, behindTls: false } },
        idp,
      } as unknown as SignInBeacon;
      const trace = await signInOverHttp(setup, 'midwife.a');
      const jar = cookieHeader(setup, trace.cookie);
      const { body } = await request(url).get('/auth/session').set('Cookie', jar).expect(200);
      await request(url)
        .post('/auth/sign-out')
        .set('Cookie', jar)
        .set('X-CSRF-Token', (body as { csrfToken: string }).csrfToken)
        .expect(200);
      const callback = trace.seen.find((seen) => seen.url.includes('/auth/callback?'))?.url ?? '';
      const code = new URL(callback).searchParams.get('code') ?? '';
      expect(code.length).toBeGreaterThan(10);
      await beacon.waitForOutput(/\/auth\/sign-out/);
      const log = beacon.stdout + beacon.stderr;
      expect(log).toMatch(/"url":"\/auth\/callback"/); // the request was logged, without its query
      for (const secret of [trace.cookie, code, (body as { csrfToken: string }).csrfToken])
        expect(log.includes(secret)).toBe(false);
      expect(log).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./); // no JWT (access or ID token) at all
    } finally {
      await beacon.stop();
      await idp.close();
      await dropDatabase(database.name);
    }
  });
});
