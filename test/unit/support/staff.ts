import type { Request } from 'express';
import type { Principal, StaffPrincipal, StaffRole } from '../../../src/auth/principal';
import { REQUIRED_ROLES } from '../../../src/auth/require-role.decorator';

/** A signed-in staff member for a unit test (a midwife on Maternity Ward A unless told otherwise). */
export const staff = (
  role: StaffRole = 'midwife',
  wards: readonly string[] = ['maternity-a'],
): StaffPrincipal => ({
  kind: 'staff',
  userId: `${role}.1`,
  name: `Test ${role}`,
  role,
  wards,
});

/** An EPR's system token: staff routes refuse it. */
export const eprClient: Principal = {
  kind: 'client',
  clientId: 'epr-1',
  sourceSystem: 'epr',
  scopes: [],
};

/** A request as the authentication guard leaves it. */
export const requestOf = (principal: Principal | undefined): Request => ({ principal }) as unknown as Request;

/** The roles a controller route is open to (`@RequireRole`, on the method or else on the class). */
export function rolesOf(controller: abstract new (...args: never[]) => unknown, method: string): unknown {
  const handler = (controller.prototype as Record<string, unknown>)[method] as object;
  return Reflect.getMetadata(REQUIRED_ROLES, handler) ?? Reflect.getMetadata(REQUIRED_ROLES, controller);
}
