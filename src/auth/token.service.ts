import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  SignJWT,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../config/app-config';
import type { RegisteredClient } from '../config/clients.schema';
import { OAuthError } from './oauth-error';
import { UsedClientAssertionRepository } from './persistence/used-client-assertion.repository';
import type { ClientPrincipal, Principal } from './principal';
import { grantScopes, parseScope } from './scopes';
import { staffFrom } from './staff-claims';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './staff-token';

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** SMART Backend Services: RS384 and ES384 must be supported; the other asymmetric ones are accepted too. */
const ASSERTION_ALGORITHMS = ['RS384', 'ES384', 'RS256', 'ES256', 'RS512', 'ES512', 'PS384'];
const MAX_ASSERTION_LIFETIME_S = 300;
/** A jti is remembered as "client id|jti" in a 512-character column; SMART clients send a UUID (36). */
const MAX_JTI_LENGTH = 255;
/** Distinct bearer tokens remembered as verified (each about 1 kB): a region's EPR clients, screens and staff. */
const VERIFIED_TOKENS_KEPT = 10_000;
const ISSUER = TOKEN_ISSUER;
const AUDIENCE = TOKEN_AUDIENCE;

export interface TokenRequest {
  readonly grant_type?: string;
  readonly client_assertion_type?: string;
  readonly client_assertion?: string;
  readonly scope?: string;
}

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'bearer';
  readonly expires_in: number;
  readonly scope: string;
}

/**
 * Issues and verifies access tokens. Clients authenticate the SMART Backend Services way (a JWT signed with their
 * private key, checked against the public keys registered in BEACON_CLIENTS_FILE); each assertion is usable once.
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);
  private readonly keySets = new Map<string, JWTVerifyGetKey>();
  private oidcKeys?: JWTVerifyGetKey;
  /**
   * Tokens whose signature and claims verified, by the exact token text, until they expire: every request of a client
   * carries the same token, and checking its signature again each time was a tenth of the api's CPU. Bearer tokens are
   * stateless (sign-out and revocation act on sessions, not tokens), so a cached answer is the answer jose would give.
   */
  private readonly verified = new LRUCache<string, { principal: Principal; expiresAtMs: number }>({
    max: VERIFIED_TOKENS_KEPT,
  });

  constructor(
    private readonly config: AppConfig,
    private readonly usedAssertions: UsedClientAssertionRepository,
  ) {
    if (config.tokenSecretGenerated) {
      this.logger.warn(
        'BEACON_TOKEN_SECRET is not set: using a random key; tokens stop working when Beacon restarts',
      );
    }
  }

  private keySetOf(client: RegisteredClient): JWTVerifyGetKey {
    let keys = this.keySets.get(client.clientId);
    if (!keys) {
      keys = client.jwks ? createLocalJWKSet(client.jwks) : createRemoteJWKSet(new URL(client.jwksUrl ?? ''));
      this.keySets.set(client.clientId, keys);
    }
    return keys;
  }

  /**
   * The registered client whose key signed this assertion (claims and replay not checked), or undefined. The token
   * endpoint's rate limit counts a request against this client, and anything else against the caller's address, so
   * junk from one address (or one TLS proxy) cannot lock a genuine client out.
   */
  async signerOf(assertion: unknown): Promise<string | undefined> {
    if (typeof assertion !== 'string' || assertion.length > 16_384) return undefined;
    try {
      const issuer = decodeJwt(assertion).iss;
      const client = this.config.clients.clients.find((candidate) => candidate.clientId === issuer);
      if (!client) return undefined;
      await jwtVerify(assertion, this.keySetOf(client), {
        issuer: client.clientId,
        subject: client.clientId,
        algorithms: ASSERTION_ALGORITHMS,
        clockTolerance: 30,
      });
      return client.clientId;
    } catch {
      return undefined;
    }
  }

  async issue(request: TokenRequest): Promise<TokenResponse> {
    if (request.grant_type !== 'client_credentials') {
      throw new OAuthError('unsupported_grant_type', 'grant_type must be client_credentials');
    }
    if (request.client_assertion_type !== CLIENT_ASSERTION_TYPE) {
      throw new OAuthError('invalid_request', `client_assertion_type must be ${CLIENT_ASSERTION_TYPE}`);
    }
    if (!request.client_assertion) throw new OAuthError('invalid_request', 'client_assertion is required');
    if (!request.scope?.trim()) throw new OAuthError('invalid_request', 'scope is required');

    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(request.client_assertion);
    } catch {
      throw new OAuthError('invalid_client', 'client_assertion is not a JWT');
    }
    const client = this.config.clients.clients.find((candidate) => candidate.clientId === unverified.iss);
    if (!client)
      throw new OAuthError(
        'invalid_client',
        `client_assertion: iss "${String(unverified.iss)}" is not a registered client`,
      );

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(request.client_assertion, this.keySetOf(client), {
        issuer: client.clientId,
        subject: client.clientId,
        audience: this.config.tokenUrl,
        algorithms: ASSERTION_ALGORITHMS,
        requiredClaims: ['exp', 'jti'],
        clockTolerance: 30,
      }));
    } catch (error) {
      throw new OAuthError('invalid_client', `client_assertion: ${describeJoseError(error)}`);
    }
    if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > MAX_JTI_LENGTH) {
      throw new OAuthError(
        'invalid_client',
        `client_assertion: jti must be a string of 1 to ${MAX_JTI_LENGTH} characters`,
      );
    }
    const expires = payload.exp ?? 0;
    if (expires - Date.now() / 1000 > MAX_ASSERTION_LIFETIME_S + 30) {
      throw new OAuthError(
        'invalid_client',
        'client_assertion: exp must be no more than five minutes in the future',
      );
    }
    const firstUse = await this.usedAssertions.firstUse(
      `${client.clientId}|${payload.jti}`,
      new Date(expires * 1000),
    );
    if (!firstUse) throw new OAuthError('invalid_grant', 'client_assertion: this jti has already been used');

    const granted = grantScopes(request.scope.split(/\s+/).filter(Boolean), client.scopes);
    if (granted.length === 0) {
      throw new OAuthError('invalid_scope', `none of the requested scopes is allowed for ${client.clientId}`);
    }
    const ttl = this.config.env.BEACON_ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = await new SignJWT({
      kind: 'client',
      scope: granted.join(' '),
      src: client.sourceSystem,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(client.clientId)
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .setJti(randomUUID())
      .sign(this.config.tokenSecret);
    void this.forgetExpiredAssertions();
    return { access_token: accessToken, token_type: 'bearer', expires_in: ttl, scope: granted.join(' ') };
  }

  /**
   * Who a bearer token belongs to, or why it is refused. Beacon's own tokens (HS256 with BEACON_TOKEN_SECRET) are
   * client tokens from /auth/token or development staff tokens (npm run token -- --role …); staff tokens from the
   * unit's OpenID Connect provider are checked against BEACON_OIDC_JWKS_URL.
   */
  async verify(token: string): Promise<Principal | { error: string }> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.expiresAtMs) return known.principal;
    const verdict = await this.verifyAnew(token);
    if (!('error' in verdict))
      this.verified.set(token, { principal: verdict, expiresAtMs: expiryOf(token) * 1000 });
    else this.verified.delete(token);
    return verdict;
  }

  private async verifyAnew(token: string): Promise<Principal | { error: string }> {
    let algorithm: unknown;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch {
      return { error: 'the token is malformed' };
    }
    try {
      if (algorithm !== 'HS256' && this.oidc) return await this.verifyOidc(token);
      const { payload } = await jwtVerify(token, this.config.tokenSecret, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
      });
      if (payload.kind === 'client' && typeof payload.scope === 'string' && typeof payload.src === 'string') {
        return {
          kind: 'client',
          clientId: String(payload.sub),
          sourceSystem: payload.src,
          scopes: payload.scope.split(' ').flatMap((text) => parseScope(text) ?? []),
        } satisfies ClientPrincipal;
      }
      if (payload.kind === 'staff') {
        // Development staff tokens (npm run token, #token= links) are for the demo, scripts and the bench only.
        if (this.config.env.BEACON_CLINICAL_MODE === 'live')
          return { error: 'development staff tokens are refused in live mode: sign in at /auth/sign-in' };
        return staffFrom(payload, 'role', 'wards') ?? { error: 'the staff token has no valid role' };
      }
      return { error: 'not a Beacon access token' };
    } catch (error) {
      return { error: describeJoseError(error) };
    }
  }

  private get oidc(): JWTVerifyGetKey | undefined {
    const url = this.config.env.BEACON_OIDC_JWKS_URL;
    if (!url) return undefined;
    this.oidcKeys ??= createRemoteJWKSet(new URL(url));
    return this.oidcKeys;
  }

  private async verifyOidc(token: string): Promise<Principal | { error: string }> {
    const { env } = this.config;
    const { payload } = await jwtVerify(token, this.oidc as JWTVerifyGetKey, {
      ...(env.BEACON_OIDC_ISSUER ? { issuer: env.BEACON_OIDC_ISSUER } : {}),
      ...(env.BEACON_OIDC_AUDIENCE ? { audience: env.BEACON_OIDC_AUDIENCE } : {}),
      algorithms: ['RS256', 'RS384', 'ES256', 'ES384', 'PS256'],
      requiredClaims: ['exp', 'sub'],
    });
    return (
      staffFrom(payload, env.BEACON_OIDC_ROLE_CLAIM, env.BEACON_OIDC_WARDS_CLAIM) ?? {
        error: `the token has no valid ${env.BEACON_OIDC_ROLE_CLAIM} claim`,
      }
    );
  }

  private async forgetExpiredAssertions(): Promise<void> {
    await this.usedAssertions
      .forgetExpired()
      .catch((error: unknown) => this.logger.warn(`could not prune used assertions: ${String(error)}`));
  }
}

/** The `exp` of a token that has just verified (jose required it), in seconds since the epoch. */
function expiryOf(token: string): number {
  const expires = decodeJwt(token).exp;
  return typeof expires === 'number' ? expires : 0;
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `claim "${error.claim}" is invalid (${error.reason})`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the signing algorithm is not allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no registered key matches the token (kid)';
  if (error instanceof errors.JOSEError) return error.message;
  return 'the token is malformed';
}
