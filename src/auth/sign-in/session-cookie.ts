import { timingSafeEqual } from 'node:crypto';
import type { CookieOptions } from 'express';
import type { AppConfig } from '../../config/app-config';

/** The session cookie's name: `__Host-` behind TLS (the browser then insists on Secure, Path=/ and no Domain). */
export function sessionCookieName(config: AppConfig): string {
  return config.behindTls ? '__Host-beacon-session' : 'beacon-session';
}

/**
 * httpOnly (no script can read it), Secure behind TLS, SameSite=Lax (sent on the provider's redirect back to
 * Beacon, never on a cross-site request that changes anything), whole site, no Max-Age: Redis decides when it ends.
 */
export function sessionCookieOptions(config: AppConfig): CookieOptions {
  return { httpOnly: true, secure: config.behindTls, sameSite: 'lax', path: '/' };
}

/** The session cookie's value in a Cookie header, if any. */
export function sessionCookieOf(config: AppConfig, header: string | undefined): string | undefined {
  const name = sessionCookieName(config);
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      const value = part.slice(at + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export const CSRF_HEADER = 'x-csrf-token';

export function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
