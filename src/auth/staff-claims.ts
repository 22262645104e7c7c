import type { JWTPayload } from 'jose';
import type { StaffPrincipal, StaffRole } from './principal';
import { STAFF_ROLES } from './principal';

/** A staff member from token or ID-token claims: the role and ward claims are configured (BEACON_OIDC_*_CLAIM). */
export function staffFrom(
  payload: JWTPayload,
  roleClaim: string,
  wardsClaim: string,
): StaffPrincipal | undefined {
  // A string, or a list such as Entra ID's `roles` claim: the first value that is a Beacon role.
  const claimed = payload[roleClaim];
  const role = (Array.isArray(claimed) ? claimed : [claimed]).find(
    (value): value is StaffRole =>
      typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value),
  );
  const wards = payload[wardsClaim];
  if (!role) return undefined;
  return {
    kind: 'staff',
    userId: String(payload.sub),
    name: typeof payload.name === 'string' ? payload.name : String(payload.sub),
    role,
    wards: Array.isArray(wards) ? wards.filter((ward): ward is string => typeof ward === 'string') : [],
  };
}
