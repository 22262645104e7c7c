import { randomUUID } from 'node:crypto';
import type { JWK, KeyObject } from 'jose';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import type { RegisteredClient } from '../../src/config/clients.schema';

/**
 * A simulated EPR system that authenticates the SMART Backend Services way: it holds an ES384 private key, is
 * registered with its public key, and signs a fresh client assertion for each token request.
 */
export class TestEpr {
  private constructor(
    readonly clientId: string,
    readonly sourceSystem: string,
    readonly scopes: string[],
    private readonly privateKey: KeyObject,
    readonly publicJwk: JWK,
  ) {}

  static async create(
    options: { clientId?: string; sourceSystem?: string; scopes?: string[] } = {},
  ): Promise<TestEpr> {
    const { privateKey, publicKey } = await generateKeyPair('ES384');
    const clientId = options.clientId ?? `epr-${randomUUID().slice(0, 8)}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid: `${clientId}-key`, alg: 'ES384', use: 'sig' };
    return new TestEpr(
      clientId,
      options.sourceSystem ?? `urn:test:${clientId}`,
      options.scopes ?? ['system/*.write', 'system/*.read'],
      privateKey,
      publicJwk,
    );
  }

  registration(): RegisteredClient {
    return {
      clientId: this.clientId,
      name: `Test EPR ${this.clientId}`,
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

  async token(beaconUrl: string, scope = 'system/*.write system/*.read'): Promise<string> {
    const response = await request(beaconUrl)
      .post('/auth/token')
      .type('form')
      .send({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await this.assertion(`${beaconUrl}/auth/token`),
        scope,
      });
    if (response.status !== 200)
      throw new Error(`token request failed: ${response.status} ${JSON.stringify(response.body)}`);
    return (response.body as { access_token: string }).access_token;
  }
}
