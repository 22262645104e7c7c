import type { JWTPayload } from 'jose';
import type { StaffPrincipal, StaffRole } from './principal';
import { STAFF_ROLES } from './principal';

/** A staff member from token or ID-token claims: the role and ward claims are configured (BEACON_OIDC_*_CLAIM). */
export function staffFrom(
  payload: JWTPayload,
  roleClaim: string,
  wardsClaim: string,
): StaffPrincipal | undefined {
  const role = payload[roleClaim];
  const wards = payload[wardsClaim];
  if (typeof role !== 'string' || !(STAFF_ROLES as readonly string[]).includes(role)) return undefined;
  return {
    kind: 'staff',
    userId: String(payload.sub),
    name: typeof payload.name === 'string' ? payload.name : String(payload.sub),
    role: role as StaffRole,
    wards: Array.isArray(wards) ? wards.filter((ward): ward is string => typeof ward === 'string') : [],
  };
}
