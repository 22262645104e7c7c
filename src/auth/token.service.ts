import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors, jwtVerify, SignJWT } from 'jose';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { RegisteredClient } from '../config/clients.schema';
import { OAuthError } from './oauth-error';
import type { ClientPrincipal } from './principal';
import { grantScopes, parseScope } from './scopes';

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** SMART Backend Services: RS384 and ES384 must be supported; the other asymmetric ones are accepted too. */
const ASSERTION_ALGORITHMS = ['RS384', 'ES384', 'RS256', 'ES256', 'RS512', 'ES512', 'PS384'];
const MAX_ASSERTION_LIFETIME_S = 300;
const ISSUER = 'beacon';
const AUDIENCE = 'beacon-api';

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

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
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
    const expires = payload.exp ?? 0;
    if (expires - Date.now() / 1000 > MAX_ASSERTION_LIFETIME_S + 30) {
      throw new OAuthError(
        'invalid_client',
        'client_assertion: exp must be no more than five minutes in the future',
      );
    }
    const firstUse = await this.dataSource.query<unknown[]>(
      'INSERT INTO used_client_assertion (key, expires_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key',
      [`${client.clientId}|${String(payload.jti)}`, new Date(expires * 1000)],
    );
    if (firstUse.length === 0)
      throw new OAuthError('invalid_grant', 'client_assertion: this jti has already been used');

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

  /** The client an access token belongs to, or undefined when it is missing, forged, expired or not Beacon's. */
  async verify(token: string): Promise<ClientPrincipal | { error: string }> {
    try {
      const { payload } = await jwtVerify(token, this.config.tokenSecret, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'sub'],
      });
      if (payload.kind !== 'client' || typeof payload.scope !== 'string' || typeof payload.src !== 'string') {
        return { error: 'not a client access token' };
      }
      return {
        kind: 'client',
        clientId: String(payload.sub),
        sourceSystem: payload.src,
        scopes: payload.scope.split(' ').flatMap((text) => parseScope(text) ?? []),
      };
    } catch (error) {
      return { error: describeJoseError(error) };
    }
  }

  private async forgetExpiredAssertions(): Promise<void> {
    await this.dataSource
      .query('DELETE FROM used_client_assertion WHERE expires_at < now()')
      .catch((error: unknown) => this.logger.warn(`could not prune used assertions: ${String(error)}`));
  }
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
