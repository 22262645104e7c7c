import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HttpError } from '../http/http-error';
import { AuthenticationGuard } from './authentication.guard';
import type { ClientPrincipal } from './principal';
import { Public } from './public.decorator';
import { RequireScope } from './require-scope.decorator';
import { parseScope } from './scopes';
import type { AppConfig } from '../config/app-config';
import type { StaffPrincipal } from './principal';
import type { StaffSessions } from './sign-in/staff-sessions';
import { SessionEnded } from './sign-in/staff-sessions';
import type { TokenService } from './token.service';

class Routes {
  open(): void {}
  closed(): void {}
  createObservation(): void {}
}
const descriptor = (name: keyof Routes) => Object.getOwnPropertyDescriptor(Routes.prototype, name)!;
Public()(Routes.prototype, 'open', descriptor('open'));
RequireScope('Observation', 'c')(Routes.prototype, 'createObservation', descriptor('createObservation'));

const principal: ClientPrincipal = {
  kind: 'client',
  clientId: 'epr',
  sourceSystem: 'urn:epr',
  scopes: [parseScope('system/Observation.rs')!],
};

const midwife: StaffPrincipal = {
  kind: 'staff',
  userId: 'midwife.a',
  name: 'Amara Okafor',
  role: 'midwife',
  wards: ['maternity-a'],
};
const SESSION_COOKIE = 'beacon-session=live-session-cookie-value-0123456789';

function contextFor(
  handler: () => void,
  authorization?: string,
  extra: { method?: string; headers?: Record<string, string> } = {},
): { context: ExecutionContext; request: Record<string, unknown> } {
  const headers: Record<string, string> = { ...(authorization ? { authorization } : {}), ...extra.headers };
  const request: Record<string, unknown> = {
    headers,
    method: extra.method ?? 'GET',
    header: (name: string) => headers[name.toLowerCase()],
    params: {},
  };
  const context = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

async function statusOf(promise: Promise<unknown>): Promise<number | 'allowed'> {
  try {
    await promise;
    return 'allowed';
  } catch (error) {
    if (error instanceof HttpError) return error.getStatus();
    throw error;
  }
}

describe('AuthenticationGuard', () => {
  const tokens = { verify: jest.fn() } as unknown as jest.Mocked<TokenService>;
  const sessions = { resolve: jest.fn() } as unknown as jest.Mocked<StaffSessions>;
  const config = { behindTls: false } as AppConfig;
  const guard = new AuthenticationGuard(new Reflector(), tokens, sessions, config);

  beforeEach(() => {
    sessions.resolve.mockReset();
    sessions.resolve.mockImplementation((cookie: string) =>
      cookie === 'live-session-cookie-value-0123456789'
        ? Promise.resolve({
            key: 'k',
            record: { principal: midwife, csrfToken: 'csrf-of-the-session' } as never,
          })
        : Promise.reject(new SessionEnded('not-found', 'not signed in')),
    );
    tokens.verify.mockReset();
    tokens.verify.mockImplementation((token: string) =>
      Promise.resolve(token === 'good' ? principal : { error: 'the signature does not verify' }),
    );
  });

  it('lets a @Public() route through without credentials', async () => {
    expect(await statusOf(guard.canActivate(contextFor(Routes.prototype.open).context))).toBe('allowed');
    expect(tokens.verify).not.toHaveBeenCalled();
  });

  it('refuses a route with no bearer token (401)', async () => {
    expect(await statusOf(guard.canActivate(contextFor(Routes.prototype.closed).context))).toBe(401);
    expect(await statusOf(guard.canActivate(contextFor(Routes.prototype.closed, 'Basic abc').context))).toBe(
      401,
    );
  });

  it('refuses a token that does not verify (401)', async () => {
    expect(
      await statusOf(guard.canActivate(contextFor(Routes.prototype.closed, 'Bearer forged').context)),
    ).toBe(401);
  });

  it('attaches the principal of a valid token', async () => {
    const { context, request } = contextFor(Routes.prototype.closed, 'Bearer good');
    expect(await statusOf(guard.canActivate(context))).toBe('allowed');
    expect(request.principal).toBe(principal);
  });

  it('refuses a valid token without the scope the route requires (403)', async () => {
    expect(
      await statusOf(
        guard.canActivate(contextFor(Routes.prototype.createObservation, 'Bearer good').context),
      ),
    ).toBe(403);
  });

  describe('with a sign-in session cookie', () => {
    it("attaches the session's staff member to a read", async () => {
      const { context, request } = contextFor(Routes.prototype.closed, undefined, {
        headers: { cookie: `theme=dark; ${SESSION_COOKIE}` },
      });
      expect(await statusOf(guard.canActivate(context))).toBe('allowed');
      expect(request.principal).toBe(midwife);
    });

    it("refuses a change without the session's CSRF token (403), and with a wrong one", async () => {
      for (const csrf of [undefined, 'csrf-of-another-session']) {
        const { context } = contextFor(Routes.prototype.closed, undefined, {
          method: 'POST',
          headers: { cookie: SESSION_COOKIE, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        });
        expect(await statusOf(guard.canActivate(context))).toBe(403);
      }
    });

    it("allows a change that carries the session's CSRF token", async () => {
      const { context } = contextFor(Routes.prototype.closed, undefined, {
        method: 'POST',
        headers: { cookie: SESSION_COOKIE, 'x-csrf-token': 'csrf-of-the-session' },
      });
      expect(await statusOf(guard.canActivate(context))).toBe('allowed');
    });

    it('refuses a cookie whose session has ended (401)', async () => {
      const { context } = contextFor(Routes.prototype.closed, undefined, {
        headers: { cookie: 'beacon-session=an-ended-session-cookie-value-000000' },
      });
      expect(await statusOf(guard.canActivate(context))).toBe(401);
    });
  });
});
