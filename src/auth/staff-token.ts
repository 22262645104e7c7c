import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { StaffPrincipal } from './principal';

export const TOKEN_ISSUER = 'beacon';
export const TOKEN_AUDIENCE = 'beacon-api';

/**
 * A development staff token signed with Beacon's key (production staff tokens come from the unit's OpenID Connect
 * provider). Used by npm run token and by npm run demo.
 */
export function signStaffToken(
  secret: Uint8Array,
  staff: Omit<StaffPrincipal, 'kind'>,
  ttlSeconds: number,
): Promise<string> {
  return new SignJWT({ kind: 'staff', name: staff.name, role: staff.role, wards: [...staff.wards] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(staff.userId)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .setJti(randomUUID())
    .sign(secret);
}
