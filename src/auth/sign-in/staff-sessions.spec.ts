import type { Redis } from 'ioredis';
import { shippedConfig } from '../../../test/unit/support/shipped-config';
import { staff } from '../../../test/unit/support/staff';
import type { IdentityProvider, PendingSignIn, ProviderTokens } from './identity-provider';
import type { SessionEndReason } from './staff-sessions';
import { SessionEnded, StaffSessions } from './staff-sessions';

const MINUTE = 60_000;
const START = Date.parse('2026-03-01T08:00:00Z');
// Sessions of at most 8 h, locked after 15 min idle; displays last 30 days from their last contact.
const env = {
  BEACON_SESSION_MAX_SECONDS: '28800',
  BEACON_IDLE_LOCK_SECONDS: '900',
  BEACON_DISPLAY_SESSION_DAYS: '30',
};

/** Redis as the sessions use it: strings with an expiry, SET NX, GETDEL. */
function fakeRedis() {
  const values = new Map<string, string>();
  const ttls = new Map<string, number>();
  return {
    values,
    ttls,
    get: jest.fn((key: string) => Promise.resolve(values.get(key) ?? null)),
    getdel: jest.fn((key: string) => {
      const value = values.get(key) ?? null;
      values.delete(key);
      return Promise.resolve(value);
    }),
    set: jest.fn((key: string, value: string, _unit: string, ttl: number, nx?: string) => {
      if (nx === 'NX' && values.has(key)) return Promise.resolve(null);
      values.set(key, value);
      ttls.set(key, ttl);
      return Promise.resolve('OK');
    }),
    del: jest.fn((key: string) => Promise.resolve(Number(values.delete(key)))),
  };
}

/** `refreshToken` null: the provider gave none. */
const tokens = (expiresAt: number, refreshToken: string | null = 'refresh-1'): ProviderTokens => ({
  accessToken: 'access-1',
  ...(refreshToken ? { refreshToken } : {}),
  idToken: 'id-1',
  expiresAt,
});

function setUp() {
  const clock = jest.spyOn(Date, 'now').mockReturnValue(START);
  const redis = fakeRedis();
  const provider = { refresh: jest.fn<Promise<ProviderTokens>, [string]>() };
  const sessions = new StaffSessions(
    shippedConfig(env),
    redis as unknown as Redis,
    provider as unknown as IdentityProvider,
  );
  const ended: [string, SessionEndReason][] = [];
  sessions.onEnded((key, reason) => ended.push([key, reason]));
  const at = (minutes: number) => clock.mockReturnValue(START + minutes * MINUTE);
  return { redis, provider, sessions, ended, at };
}

const endReason = (attempt: Promise<unknown>) =>
  attempt.then(
    () => 'still open',
    (error: unknown) => (error instanceof SessionEnded ? error.reason : error),
  );

afterEach(() => jest.restoreAllMocks());

describe('StaffSessions: a person’s session', () => {
  it('keeps only a hash of the cookie in Redis, for the session’s whole length', async () => {
    const { sessions, redis } = setUp();
    const { cookie, session } = await sessions.signIn(staff(), tokens(START + 60 * MINUTE));
    expect(redis.values.has(`beacon:session:${cookie}`)).toBe(false);
    expect(session.key).toBe(sessions.keyOf(cookie));
    expect(redis.ttls.get(session.key)).toBe(8 * 60 * MINUTE);
    await expect(sessions.resolve(cookie, { activity: false })).resolves.toMatchObject({ key: session.key });
  });

  it('locks after 15 minutes without use, and a command restarts that clock', async () => {
    const { sessions, at, ended } = setUp();
    const { cookie, session } = await sessions.signIn(staff(), tokens(START + 600 * MINUTE));
    at(14);
    await sessions.resolve(cookie, { activity: true });
    at(29);
    await expect(sessions.resolve(cookie, { activity: false })).resolves.toBeDefined();
    at(29.01);
    await expect(endReason(sessions.resolve(cookie, { activity: false }))).resolves.toBe('locked');
    expect(ended).toEqual([[session.key, 'locked']]);
    await expect(endReason(sessions.resolve(cookie, { activity: false }))).resolves.toBe('not-found');
  });

  it('ends at its absolute end however active it is', async () => {
    const { sessions, at } = setUp();
    const { cookie } = await sessions.signIn(staff(), tokens(START + 600 * MINUTE));
    for (let minute = 10; minute < 480; minute += 10) {
      at(minute);
      await sessions.resolve(cookie, { activity: true });
    }
    at(480);
    await expect(endReason(sessions.resolve(cookie, { activity: true }))).resolves.toBe('expired');
  });

  it('renews the provider’s tokens in the last minute before they expire, taking new role and wards', async () => {
    const { sessions, provider, at } = setUp();
    const { cookie } = await sessions.signIn(staff(), tokens(START + 10 * MINUTE));
    provider.refresh.mockResolvedValue({
      accessToken: 'access-2',
      expiresAt: START + 70 * MINUTE,
      claims: { sub: 'midwife.1', name: 'Test midwife', beacon_role: 'coordinator', beacon_wards: [] },
    });
    at(8.99);
    await sessions.resolve(cookie, { activity: false });
    expect(provider.refresh).not.toHaveBeenCalled();
    at(9.01);
    const renewed = await sessions.resolve(cookie, { activity: false });
    expect(provider.refresh).toHaveBeenCalledWith('refresh-1');
    expect(renewed.record.principal.role).toBe('coordinator');
    // The provider sent no new ID token: the one from sign-in is kept (for sign-out).
    expect(renewed.record.tokens).toMatchObject({ accessToken: 'access-2', idToken: 'id-1' });
  });

  it('leaves the renewal to the process already renewing', async () => {
    const { sessions, provider, redis, at } = setUp();
    const { cookie, session } = await sessions.signIn(staff(), tokens(START + 10 * MINUTE));
    redis.values.set(`${session.key}:refreshing`, '1');
    at(9.5);
    await expect(sessions.resolve(cookie, { activity: false })).resolves.toMatchObject({
      record: { tokens: { accessToken: 'access-1' } },
    });
    expect(provider.refresh).not.toHaveBeenCalled();
  });

  it('ends the session when the provider refuses to renew, or there is nothing to renew with', async () => {
    const refused = setUp();
    const first = await refused.sessions.signIn(staff(), tokens(START + 10 * MINUTE));
    refused.provider.refresh.mockRejectedValue(new Error('invalid_grant'));
    refused.at(9.5);
    await expect(endReason(refused.sessions.resolve(first.cookie, { activity: false }))).resolves.toBe(
      'revoked',
    );

    const noRefresh = setUp();
    const second = await noRefresh.sessions.signIn(staff(), tokens(START + 10 * MINUTE, null));
    noRefresh.at(9.5);
    await expect(endReason(noRefresh.sessions.resolve(second.cookie, { activity: false }))).resolves.toBe(
      'expired',
    );
  });
});

describe('StaffSessions: a paired display’s session', () => {
  it('never locks when idle, and each contact pushes its end 30 days on and is reported', async () => {
    const { sessions, redis, at } = setUp();
    const contacts: string[] = [];
    sessions.onDisplayContact((id) => contacts.push(id));
    const { cookie, session } = await sessions.pairDisplay(staff('ward-display'), 'display-7');
    at(24 * 60);
    const resolved = await sessions.resolve(cookie, { activity: false });
    expect(resolved.record.expiresAt).toBe(START + (24 * 60 + 30 * 24 * 60) * MINUTE);
    expect(redis.ttls.get(session.key)).toBe(30 * 24 * 60 * MINUTE);
    expect(contacts).toEqual(['display-7']);
  });

  it('ends 30 days after its last contact', async () => {
    const { sessions, at } = setUp();
    const { cookie } = await sessions.pairDisplay(staff('ward-display'), 'display-7');
    at(30 * 24 * 60);
    await expect(endReason(sessions.resolve(cookie, { activity: false }))).resolves.toBe('expired');
  });
});

describe('StaffSessions: a pending sign-in', () => {
  it('is kept for 10 minutes and can be taken once', async () => {
    const { sessions, redis } = setUp();
    const pending: PendingSignIn = { state: 'state-1', codeVerifier: 'v', nonce: 'n', returnTo: '/handheld' };
    await sessions.rememberSignIn(pending);
    expect(redis.ttls.get('beacon:session:sign-in:state-1')).toBe(600);
    await expect(sessions.takeSignIn('state-1')).resolves.toEqual(pending);
    await expect(sessions.takeSignIn('state-1')).resolves.toBeUndefined();
  });
});
