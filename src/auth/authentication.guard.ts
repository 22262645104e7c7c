import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HttpError } from '../http/http-error';
import type { AuthenticatedRequest } from './principal';
import { IS_PUBLIC } from './public.decorator';
import type { RequiredScope } from './require-scope.decorator';
import { REQUIRED_SCOPE } from './require-scope.decorator';
import { allows } from './scopes';
import { TokenService } from './token.service';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Global guard: every HTTP route requires a valid Beacon access token unless marked @Public(), and a route marked
 * @RequireScope() also needs that SMART scope. 401 for no or bad credentials, 403 for a missing scope.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match?.[1]) {
      throw new HttpError(
        401,
        [
          {
            code: 'login',
            expression: 'Authorization',
            diagnostics: 'Authorization: a bearer access token is required (POST /auth/token)',
          },
        ],
        {
          'WWW-Authenticate': 'Bearer realm="beacon"',
        },
      );
    }
    const principal = await this.tokens.verify(match[1]);
    if ('error' in principal) {
      throw new HttpError(
        401,
        [{ code: 'login', expression: 'Authorization', diagnostics: `Authorization: ${principal.error}` }],
        {
          'WWW-Authenticate': 'Bearer realm="beacon", error="invalid_token"',
        },
      );
    }
    request.principal = principal;

    const required = this.reflector.getAllAndOverride<RequiredScope | undefined>(REQUIRED_SCOPE, targets);
    if (required) {
      const resourceType =
        required.resourceType === ':resourceType'
          ? String(request.params.resourceType)
          : required.resourceType;
      if (!allows(principal.scopes, resourceType, required.permission)) {
        throw HttpError.of(
          403,
          `the access token lacks the scope system/${resourceType}.${required.permission}`,
        );
      }
    }
    return true;
  }
}
