import { timingSafeEqual } from 'node:crypto';

/** Whether an Authorization header carries the configured metrics token (constant-time comparison). */
export function metricsAuthorised(header: string | undefined, token: string): boolean {
  if (!token || !header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
