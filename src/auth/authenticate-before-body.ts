import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { deliveryAuthenticated } from '../fhir/upstream/notification-secret';
import { HttpError } from '../http/http-error';
import type { AuthenticatedRequest } from './principal';
import { sessionCookieOf } from './sign-in/session-cookie';
import type { TokenService } from './token.service';

const BEARER = /^Bearer\s+(\S+)$/i;

/** Routes that take a body without a Beacon access token: they present credentials of their own. */
const TOKEN_ENDPOINT = '/auth/token';
/** The device authorization grant of a ward display being paired: small forms, no credentials yet by design. */
const DEVICE_GRANT = /^\/auth\/device(\/token)?\/?$/;
const NOTIFICATIONS = /^\/fhir\/notify(\/|$)/;

function hasBody(request: Request): boolean {
  return (
    Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined
  );
}

function refuse(next: NextFunction, diagnostics: string, error?: string): void {
  next(
    new HttpError(401, [{ code: 'login', expression: 'Authorization', diagnostics }], {
      'WWW-Authenticate': `Bearer realm="beacon"${error ? `, error="${error}"` : ''}`,
      // The unread body is discarded with the connection rather than read into memory.
      Connection: 'close',
    }),
  );
}

/**
 * Express middleware placed before the body parsers: a request with a body is authenticated from its headers first,
 * so an unauthenticated client cannot make Beacon read and parse megabytes (and slow every EPR down). The global
 * AuthenticationGuard still decides on every route; this only refuses early what it would refuse anyway.
 */
export function authenticateBeforeBody(tokens: TokenService, config: AppConfig) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    if (!hasBody(request) || request.path === TOKEN_ENDPOINT || DEVICE_GRANT.test(request.path)) {
      next();
      return;
    }
    // A signed-in person's browser: the session (and its CSRF token) is checked by the guard on every route.
    if (sessionCookieOf(config, request.headers.cookie) !== undefined) {
      next();
      return;
    }
    if (NOTIFICATIONS.test(request.path)) {
      if (!config.env.BEACON_FHIR_UPSTREAM_URL) {
        next(HttpError.of(404, 'no upstream FHIR server is configured (BEACON_FHIR_UPSTREAM_URL)'));
        return;
      }
      // An X-Signature is an HMAC of the body, so it can only be checked after reading it (within the body limit).
      const authorization = request.headers.authorization;
      if (request.headers['x-signature'] !== undefined) next();
      else if (
        authorization &&
        deliveryAuthenticated(config.env.BEACON_FHIR_NOTIFY_SECRET, { authorization }, undefined)
      )
        next();
      else
        refuse(
          next,
          'the notification does not carry the subscription secret (Authorization: Bearer or X-Signature)',
        );
      return;
    }
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) {
      refuse(next, 'Authorization: a bearer access token is required (POST /auth/token)');
      return;
    }
    void tokens.verify(token).then(
      (principal) => {
        if ('error' in principal) refuse(next, `Authorization: ${principal.error}`, 'invalid_token');
        else {
          (request as AuthenticatedRequest).principal = principal;
          next();
        }
      },
      (error: unknown) => next(error),
    );
  };
}
