import { SetMetadata } from '@nestjs/common';
import type { StaffRole } from './principal';

export const REQUIRED_ROLES = Symbol('REQUIRED_ROLES');

/** The staff roles a route is open to (checked by AuthenticationGuard; ward checks follow in the handler). */
export const RequireRole = (...roles: StaffRole[]) => SetMetadata(REQUIRED_ROLES, roles);
