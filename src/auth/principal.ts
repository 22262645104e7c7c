import type { Request } from 'express';
import { HttpError } from '../http/http-error';
import type { Scope } from './scopes';

/** An EPR or other system authenticated with a Beacon access token. */
export interface ClientPrincipal {
  readonly kind: 'client';
  readonly clientId: string;
  readonly sourceSystem: string;
  readonly scopes: readonly Scope[];
}

export const STAFF_ROLES = ['ward-display', 'midwife', 'coordinator', 'auditor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A person (or a ward display device) signed in through the unit's identity provider (or a development token). */
export interface StaffPrincipal {
  readonly kind: 'staff';
  readonly userId: string;
  readonly name: string;
  readonly role: StaffRole;
  /** The wards this person works on (coordinators and admins: every ward of the unit). */
  readonly wards: readonly string[];
}

export type Principal = ClientPrincipal | StaffPrincipal;

export type AuthenticatedRequest = Request & { principal?: Principal; rawBody?: Buffer };

export function principalOf(request: Request): Principal | undefined {
  return (request as AuthenticatedRequest).principal;
}

/** The staff member behind a request (routes for staff refuse EPR client tokens). */
export function staffOf(request: Request): StaffPrincipal {
  const principal = principalOf(request);
  if (principal?.kind !== 'staff') throw HttpError.of(403, 'this needs a staff token');
  return principal;
}

/** Roles that see and act on every ward of the unit (including patients on no configured ward). */
const UNIT_WIDE: readonly StaffRole[] = ['coordinator', 'admin'];

/** Whether a staff member may see a ward's alerts (null: patients on no configured ward, coordinators only). */
export function maySeeWard(principal: StaffPrincipal, wardId: string | null): boolean {
  if (UNIT_WIDE.includes(principal.role) || principal.role === 'auditor') return true;
  return wardId !== null && principal.wards.includes(wardId);
}

/** Whether a staff member may acknowledge or respond to a ward's alerts. Displays and auditors never may. */
export function mayActOnWard(principal: StaffPrincipal, wardId: string | null): boolean {
  if (principal.role === 'coordinator') return true;
  return principal.role === 'midwife' && wardId !== null && principal.wards.includes(wardId);
}
