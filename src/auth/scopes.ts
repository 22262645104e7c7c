import { SCOPE_PATTERN } from '../config/clients.schema';

/** SMART permissions: create, read, update, delete, search. */
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';
const ALL: readonly Permission[] = ['c', 'r', 'u', 'd', 's'];
const V1: Readonly<Record<string, readonly Permission[]>> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ALL,
};

export interface Scope {
  readonly resourceType: string;
  readonly permissions: ReadonlySet<Permission>;
}

export function parseScope(text: string): Scope | undefined {
  const match = SCOPE_PATTERN.exec(text);
  if (!match?.[1] || match[2] === undefined) return undefined;
  const permissions = V1[match[2]] ?? ([...match[2]] as Permission[]);
  if (permissions.length === 0) return undefined;
  return { resourceType: match[1], permissions: new Set(permissions) };
}

export function allows(scopes: readonly Scope[], resourceType: string, permission: Permission): boolean {
  return scopes.some(
    (scope) =>
      (scope.resourceType === '*' || scope.resourceType === resourceType) &&
      scope.permissions.has(permission),
  );
}

function formatScope(scope: Scope): string {
  return `system/${scope.resourceType}.${ALL.filter((permission) => scope.permissions.has(permission)).join('')}`;
}

/**
 * The scopes to grant: each requested scope narrowed to what the client is registered for. Returns SMART v2 text
 * (system/Observation.cu). A requested scope outside every registered one is dropped.
 */
export function grantScopes(requested: readonly string[], registered: readonly string[]): string[] {
  const allowed = registered.flatMap((text) => parseScope(text) ?? []);
  const granted: string[] = [];
  for (const text of requested) {
    const wanted = parseScope(text);
    if (!wanted) continue;
    const permissions = [...wanted.permissions].filter((permission) =>
      allowed.some(
        (scope) =>
          (scope.resourceType === '*' || scope.resourceType === wanted.resourceType) &&
          scope.permissions.has(permission),
      ),
    );
    if (permissions.length > 0)
      granted.push(formatScope({ resourceType: wanted.resourceType, permissions: new Set(permissions) }));
  }
  return [...new Set(granted)];
}
