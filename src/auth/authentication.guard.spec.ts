import type { ExecutionContext } from '@nestjs/common';
import { UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticationGuard } from './authentication.guard';
import { Public } from './public.decorator';

class Routes {
  open(): void {}
  closed(): void {}
}
Public()(Routes.prototype, 'open', Object.getOwnPropertyDescriptor(Routes.prototype, 'open')!);

function contextFor(handler: () => void): ExecutionContext {
  return { getHandler: () => handler, getClass: () => Routes } as unknown as ExecutionContext;
}

describe('AuthenticationGuard', () => {
  const guard = new AuthenticationGuard(new Reflector());

  it('lets a @Public() route through', () => {
    expect(guard.canActivate(contextFor(Routes.prototype.open))).toBe(true);
  });

  it('refuses every other route when no credentials are verified', () => {
    expect(() => guard.canActivate(contextFor(Routes.prototype.closed))).toThrow(UnauthorizedException);
  });
});
