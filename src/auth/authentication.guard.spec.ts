import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HttpError } from '../http/http-error';
import { AuthenticationGuard } from './authentication.guard';
import type { ClientPrincipal } from './principal';
import { Public } from './public.decorator';
import { RequireScope } from './require-scope.decorator';
import { parseScope } from './scopes';
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

function contextFor(
  handler: () => void,
  authorization?: string,
): { context: ExecutionContext; request: Record<string, unknown> } {
  const request: Record<string, unknown> = { headers: authorization ? { authorization } : {}, params: {} };
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
  const guard = new AuthenticationGuard(new Reflector(), tokens);

  beforeEach(() => {
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
});
