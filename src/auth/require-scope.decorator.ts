import { SetMetadata } from '@nestjs/common';
import type { Permission } from './scopes';

export const REQUIRED_SCOPE = Symbol('REQUIRED_SCOPE');

export interface RequiredScope {
  /** A resource type, or ':resourceType' to take it from the route parameter. */
  readonly resourceType: string;
  readonly permission: Permission;
}

/** The SMART system scope a route needs, e.g. @RequireScope('Observation', 'c'). */
export const RequireScope = (resourceType: string, permission: Permission) =>
  SetMetadata(REQUIRED_SCOPE, { resourceType, permission } satisfies RequiredScope);
