import { randomUUID } from 'node:crypto';
import type { JWK, KeyObject } from 'jose';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import type { RegisteredClient } from '../config/clients.schema';

/**
 * An EPR system that authenticates the SMART Backend Services way: it holds an ES384 private key, is registered
 * with Beacon by its public key (config/clients.json), and signs a fresh client assertion for each token request.
 * Used by the simulated EPR of `npm run demo` and by the tests.
 */
export class SmartBackendClient {
  private constructor(
    readonly clientId: string,
    readonly sourceSystem: string,
    readonly scopes: string[],
    private readonly privateKey: KeyObject,
    readonly publicJwk: JWK,
  ) {}

  static async create(
    options: { clientId?: string; sourceSystem?: string; scopes?: string[] } = {},
  ): Promise<SmartBackendClient> {
    const { privateKey, publicKey } = await generateKeyPair('ES384');
    const clientId = options.clientId ?? `epr-${randomUUID().slice(0, 8)}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid: `${clientId}-key`, alg: 'ES384', use: 'sig' };
    return new SmartBackendClient(
      clientId,
      options.sourceSystem ?? `urn:test:${clientId}`,
      options.scopes ?? ['system/*.write', 'system/*.read'],
      privateKey,
      publicJwk,
    );
  }

  /** The entry for Beacon's clients file. */
  registration(name = `EPR ${this.clientId}`): RegisteredClient {
    return {
      clientId: this.clientId,
      name,
      sourceSystem: this.sourceSystem,
      scopes: this.scopes,
      jwks: { keys: [this.publicJwk] },
    };
  }

  /** A signed client assertion for Beacon's token endpoint (claims overridable, to test rejections). */
  assertion(
    tokenUrl: string,
    overrides: Record<string, unknown> = {},
    expiresInSeconds = 240,
  ): Promise<string> {
    return new SignJWT({ jti: randomUUID(), ...overrides })
      .setProtectedHeader({ alg: 'ES384', kid: this.publicJwk.kid ?? '', typ: 'JWT' })
      .setIssuer(this.clientId)
      .setSubject(this.clientId)
      .setAudience(tokenUrl)
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(this.privateKey);
  }

  /**
   * An access token from Beacon's token endpoint (client credentials with a signed assertion). `sendTo` is the
   * address actually called when it differs from Beacon's public URL (one of several processes behind it).
   */
  async token(
    beaconUrl: string,
    scope = 'system/*.write system/*.read',
    sendTo = beaconUrl,
  ): Promise<string> {
    const tokenUrl = `${beaconUrl}/auth/token`;
    const response = await fetch(`${sendTo}/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await this.assertion(tokenUrl),
        scope,
      }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (response.status !== 200 || !body.access_token)
      throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
    return body.access_token;
  }
}
