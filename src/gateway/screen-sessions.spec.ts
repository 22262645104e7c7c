import { shippedConfig } from '../../test/unit/support/shipped-config';
import { eprClient, staff } from '../../test/unit/support/staff';
import type { StaffSessions } from '../auth/sign-in/staff-sessions';
import { SessionEnded } from '../auth/sign-in/staff-sessions';
import type { TokenService } from '../auth/token.service';
import { ScreenRefused, ScreenSessions } from './screen-sessions';

// Beacon at its default public URL, http://127.0.0.1:3000: the cookie is "beacon-session".
const ORIGIN = 'http://127.0.0.1:3000';
const COOKIE = `beacon-session=${'s'.repeat(32)}`;
const midwife = staff();

function setUp() {
  const tokens = { verify: jest.fn().mockResolvedValue(midwife) };
  const sessions = {
    resolve: jest.fn().mockResolvedValue({ key: 'beacon:session:abc', record: { principal: midwife } }),
  };
  const screens = new ScreenSessions(
    tokens as unknown as TokenService,
    sessions as unknown as StaffSessions,
    shippedConfig({}),
  );
  return { tokens, sessions, screens };
}

const refusal = async (attempt: Promise<unknown>) => {
  const error = (await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  )) as ScreenRefused | undefined;
  expect(error).toBeInstanceOf(ScreenRefused);
  return { status: error?.data.status, message: error?.message };
};

describe('ScreenSessions: who is at a screen, with a token', () => {
  it('opens a screen for a staff token, named by the person and the screen id', async () => {
    const { screens } = setUp();
    await expect(screens.open({ token: 't', screen: 'display-1' }, 'socket-9')).resolves.toEqual({
      staff: midwife,
      token: 't',
      screen: 'midwife.1/display-1',
    });
    await expect(screens.open({ token: 't' }, 'socket-9')).resolves.toMatchObject({
      screen: 'midwife.1/socket-9',
    });
  });

  it('refuses a screen id with other characters with 401 naming it', async () => {
    const { screens, tokens } = setUp();
    await expect(refusal(screens.open({ token: 't', screen: 'ward display' }, 's'))).resolves.toEqual({
      status: 401,
      message: 'auth.screen: letters, digits, ".", "_" and "-" only',
    });
    expect(tokens.verify).not.toHaveBeenCalled();
  });

  it('refuses an invalid token with 401 and the reason, and an EPR’s system token with 403', async () => {
    const { screens, tokens } = setUp();
    tokens.verify.mockResolvedValueOnce({ error: 'the token has expired' });
    await expect(refusal(screens.open({ token: 't' }, 's'))).resolves.toEqual({
      status: 401,
      message: 'auth.token: the token has expired',
    });
    tokens.verify.mockResolvedValueOnce(eprClient);
    await expect(refusal(screens.open({ token: 't' }, 's'))).resolves.toMatchObject({ status: 403 });
  });

  it('checks the token again on every command: an expired one ends the session', async () => {
    const { screens, tokens } = setUp();
    tokens.verify.mockResolvedValueOnce({ error: 'the token has expired' });
    await expect(refusal(screens.check({ staff: midwife, token: 't', screen: 'x' }))).resolves.toMatchObject({
      status: 401,
    });
  });
});

describe('ScreenSessions: who is at a screen, with the page’s sign-in cookie', () => {
  it('refuses a screen with neither a token nor a session cookie with 401', async () => {
    const { screens } = setUp();
    await expect(refusal(screens.open({}, 's', { origin: ORIGIN }))).resolves.toEqual({
      status: 401,
      message: 'auth.token: sign in first (no session cookie and no token)',
    });
  });

  it('refuses the cookie from any page but Beacon’s own with 403, before reading the session', async () => {
    const { screens, sessions } = setUp();
    await expect(
      refusal(screens.open({}, 's', { cookie: COOKIE, origin: 'https://evil.example' })),
    ).resolves.toEqual({ status: 403, message: 'origin: https://evil.example may not use a Beacon session' });
    await expect(refusal(screens.open({}, 's', { cookie: COOKIE }))).resolves.toMatchObject({ status: 403 });
    expect(sessions.resolve).not.toHaveBeenCalled();
  });

  it('opens a screen for a live session, counting the connection as activity', async () => {
    const { screens, sessions } = setUp();
    await expect(screens.open({ screen: 'hh-7' }, 's', { cookie: COOKIE, origin: ORIGIN })).resolves.toEqual({
      staff: midwife,
      sessionKey: 'beacon:session:abc',
      screen: 'midwife.1/hh-7',
    });
    expect(sessions.resolve).toHaveBeenCalledWith('s'.repeat(32), { activity: true });
  });

  it('refuses an ended session with 401 saying why; any other failure is not a refusal', async () => {
    const { screens, sessions } = setUp();
    sessions.resolve.mockRejectedValueOnce(new SessionEnded('signed-out', 'signed out'));
    await expect(refusal(screens.open({}, 's', { cookie: COOKIE, origin: ORIGIN }))).resolves.toEqual({
      status: 401,
      message: 'session: signed out',
    });
    const outage = new Error('Redis is down');
    sessions.resolve.mockRejectedValueOnce(outage);
    await expect(screens.open({}, 's', { cookie: COOKIE, origin: ORIGIN })).rejects.toBe(outage);
  });

  it('re-checks a session by its key, restarting the idle clock only for activity', async () => {
    const { screens, sessions } = setUp();
    const data = { staff: midwife, sessionKey: 'beacon:session:abc', screen: 'x' };
    await expect(screens.check(data)).resolves.toBe(midwife);
    await screens.check(data, true);
    expect(sessions.resolve.mock.calls).toEqual([
      ['beacon:session:abc', { activity: false }],
      ['beacon:session:abc', { activity: true }],
    ]);
  });
});
