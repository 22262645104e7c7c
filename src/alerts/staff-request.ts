import type { Request } from 'express';
import type { StaffPrincipal } from '../auth/principal';
import { principalOf } from '../auth/principal';
import { HttpError } from '../http/http-error';
import type { Actor } from './domain/alert';

/** The staff member behind a request (routes for staff refuse EPR client tokens). */
export function staffOf(request: Request): StaffPrincipal {
  const principal = principalOf(request);
  if (principal?.kind !== 'staff') throw HttpError.of(403, 'this needs a staff token');
  return principal;
}

/** The audit trail's actor for a staff member on a device. */
export const actorOf = (staff: StaffPrincipal, device?: string): Actor => ({
  id: staff.userId,
  name: staff.name,
  role: staff.role,
  ...(device ? { device } : {}),
});
