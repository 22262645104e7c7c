import type { AppConfig } from '../config/app-config';
import type { UsedClientAssertionRepository } from './persistence/used-client-assertion.repository';
import { signStaffToken } from './staff-token';
import { TokenService } from './token.service';

const SECRET = new TextEncoder().encode('unit-test-secret-of-at-least-32-bytes!');
const MIDWIFE = { userId: 'mw-1', name: 'A Midwife', role: 'midwife', wards: ['maternity-a'] } as const;

function tokenService(mode: 'demo' | 'live' = 'demo'): TokenService {
  const config = {
    tokenSecret: SECRET,
    tokenSecretGenerated: false,
    env: { BEACON_CLINICAL_MODE: mode },
  } as unknown as AppConfig;
  return new TokenService(config, {} as UsedClientAssertionRepository);
}

describe('TokenService.verify', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a token it has verified with the same principal until the token expires', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-03T08:00:00Z') });
    const tokens = tokenService();
    const token = await signStaffToken(SECRET, MIDWIFE, 60);

    const first = await tokens.verify(token);
    expect(first).toMatchObject({ kind: 'staff', userId: 'mw-1', role: 'midwife', wards: ['maternity-a'] });
    // The remembered answer, not a second verification (which builds a new object).
    expect(await tokens.verify(token)).toBe(first);

    jest.setSystemTime(new Date('2026-12-03T08:01:01Z'));
    jest.advanceTimersByTime(61_000);
    expect(await tokens.verify(token)).toEqual({ error: 'the token has expired' });
  });

  it('remembers only the exact token: one altered character of a verified token is still refused', async () => {
    const tokens = tokenService();
    const token = await signStaffToken(SECRET, MIDWIFE, 60);
    expect(await tokens.verify(token)).toMatchObject({ kind: 'staff' });

    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const altered = `${token.slice(0, -2)}${last}${token.slice(-1)}`;
    expect(await tokens.verify(altered)).toEqual({ error: 'the signature does not verify' });
  });

  it('refuses a development staff token in live mode on every attempt (a refusal is not remembered as a principal)', async () => {
    const tokens = tokenService('live');
    const token = await signStaffToken(SECRET, MIDWIFE, 60);
    const refusal = { error: 'development staff tokens are refused in live mode: sign in at /auth/sign-in' };
    expect(await tokens.verify(token)).toEqual(refusal);
    expect(await tokens.verify(token)).toEqual(refusal);
  });
});
