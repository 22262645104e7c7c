import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HttpError } from '../http/http-error';
import type { AuthenticatedRequest, StaffRole } from './principal';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './require-role.decorator';
import type { RequiredScope } from './require-scope.decorator';
import { REQUIRED_SCOPE } from './require-scope.decorator';
import { allows } from './scopes';
import { AppConfig } from '../config/app-config';
import { CSRF_HEADER, sameSecret, sessionCookieOf } from './sign-in/session-cookie';
import { SessionEnded, StaffSessions } from './sign-in/staff-sessions';
import { TokenService } from './token.service';

const BEARER = /^Bearer\s+(\S+)$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: every HTTP route requires a valid bearer token unless marked @Public(). A route marked
 * @RequireScope() needs an EPR client token with that SMART scope; one marked @RequireRole() needs a staff token with
 * one of those roles (ward checks follow in the handler). 401 for no or bad credentials, 403 for the wrong kind.
 * A browser instead carries the session cookie of a staff sign-in (docs/sign-in.md); a state-changing request made
 * with it must also carry the session's CSRF token in X-CSRF-Token (a bearer token is not ambient, so needs none).
 * Nest also runs global guards on socket messages: those are left to the ward gateway, which authenticates them.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: StaffSessions,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Socket commands are authenticated by the ward gateway itself (token at connect, re-checked on every command).
    if (context.getType() === 'ws') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = BEARER.exec(request.headers.authorization ?? '');
    const cookie = match ? undefined : sessionCookieOf(this.config, request.headers.cookie);
    if (cookie) {
      let session;
      try {
        session = await this.sessions.resolve(cookie, { activity: true });
      } catch (error) {
        if (!(error instanceof SessionEnded)) throw error;
        throw new HttpError(401, [
          { code: 'login', expression: 'Cookie', diagnostics: `Cookie: ${error.message}` },
        ]);
      }
      if (
        !SAFE_METHODS.has(request.method) &&
        !sameSecret(request.header(CSRF_HEADER), session.record.csrfToken)
      )
        throw HttpError.of(
          403,
          'X-CSRF-Token: missing or wrong (a signed-in page sends it with every change)',
          CSRF_HEADER,
        );
      request.principal = session.record.principal;
    } else if (!match?.[1]) {
      throw new HttpError(
        401,
        [
          {
            code: 'login',
            expression: 'Authorization',
            diagnostics: 'Authorization: a bearer access token is required (POST /auth/token)',
          },
        ],
        { 'WWW-Authenticate': 'Bearer realm="beacon"' },
      );
    }
    const principal = request.principal ?? (await this.tokens.verify(match?.[1] ?? ''));
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

    const scope = this.reflector.getAllAndOverride<RequiredScope | undefined>(REQUIRED_SCOPE, targets);
    if (scope) {
      const resourceType =
        scope.resourceType === ':resourceType' ? String(request.params.resourceType) : scope.resourceType;
      if (principal.kind !== 'client' || !allows(principal.scopes, resourceType, scope.permission)) {
        throw HttpError.of(
          403,
          `the access token lacks the scope system/${resourceType}.${scope.permission}`,
        );
      }
    }
    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && (principal.kind !== 'staff' || !roles.includes(principal.role))) {
      throw HttpError.of(403, `this needs a staff token with one of the roles ${roles.join(', ')}`);
    }
    return true;
  }
}
