import type { Request } from 'express';
import type { Scope } from './scopes';

/** An EPR or other system authenticated with a Beacon access token. */
export interface ClientPrincipal {
  readonly kind: 'client';
  readonly clientId: string;
  readonly sourceSystem: string;
  readonly scopes: readonly Scope[];
}

export type Principal = ClientPrincipal;

export type AuthenticatedRequest = Request & { principal?: Principal; rawBody?: Buffer };

export function principalOf(request: Request): Principal | undefined {
  return (request as AuthenticatedRequest).principal;
}
