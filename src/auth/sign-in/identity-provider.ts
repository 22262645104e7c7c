import { Injectable } from '@nestjs/common';
import type * as OpenIdClientNs from 'openid-client' with { 'resolution-mode': 'import' };
import { AppConfig } from '../../config/app-config';

type OpenIdClient = typeof OpenIdClientNs;

/** What Beacon keeps from a token response: server-side only, never sent to a browser or logged. */
export interface ProviderTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  /** When the access token expires (ms since the epoch). */
  readonly expiresAt: number;
  /** The ID token's claims (role and wards are read from them). */
  readonly claims?: Record<string, unknown>;
}

/** What the sign-in redirect must remember until the callback (kept server-side, keyed by `state`). */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly returnTo: string;
}

/**
 * Beacon as a confidential OpenID Connect client (`openid-client`) of the unit's identity provider, found by
 * discovery from BEACON_OIDC_ISSUER: authorization code with PKCE, refresh, RP-initiated logout.
 */
@Injectable()
export class IdentityProvider {
  private library?: Promise<OpenIdClient>;
  private discovered?: Promise<OpenIdClientNs.Configuration>;

  constructor(private readonly config: AppConfig) {}

  /** Whether staff sign-in is configured (an issuer and a client id). */
  get enabled(): boolean {
    return this.config.env.BEACON_OIDC_ISSUER !== '' && this.config.env.BEACON_OIDC_CLIENT_ID !== '';
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}/auth/callback`;
  }

  get postLogoutRedirectUri(): string {
    return `${this.config.publicUrl}/auth/signed-out`;
  }

  private load(): Promise<OpenIdClient> {
    return (this.library ??= import('openid-client'));
  }

  private async configuration(): Promise<{ client: OpenIdClient; server: OpenIdClientNs.Configuration }> {
    const client = await this.load();
    const { env } = this.config;
    this.discovered ??= (async () => {
      const issuer = new URL(env.BEACON_OIDC_ISSUER);
      // Plain http only for a provider on loopback (the development provider of the demo and the tests).
      const insecure =
        issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
      return client.discovery(
        issuer,
        env.BEACON_OIDC_CLIENT_ID,
        env.BEACON_OIDC_CLIENT_SECRET || undefined,
        undefined,
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      );
    })();
    try {
      return { client, server: await this.discovered };
    } catch (error) {
      this.discovered = undefined; // try discovery again next time
      throw error;
    }
  }

  /** Where to send the browser to sign in, and what to remember for the callback. */
  async startSignIn(returnTo: string, loginHint?: string): Promise<{ url: string; pending: PendingSignIn }> {
    const { client, server } = await this.configuration();
    const pending: PendingSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      returnTo,
    };
    const url = client.buildAuthorizationUrl(server, {
      redirect_uri: this.redirectUri,
      scope: this.config.env.BEACON_OIDC_SCOPES,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      // Handhelds are shared: never sign in silently as whoever last used the provider on this device.
      prompt: 'login',
      ...(loginHint ? { login_hint: loginHint } : {}),
    });
    return { url: url.href, pending };
  }

  /** Exchanges the callback's code (checking state, nonce and PKCE) for tokens. */
  async finishSignIn(callbackUrl: URL, pending: PendingSignIn): Promise<ProviderTokens> {
    const { client, server } = await this.configuration();
    const response = await client.authorizationCodeGrant(server, callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    return tokensOf(response);
  }

  async refresh(refreshToken: string): Promise<ProviderTokens> {
    const { client, server } = await this.configuration();
    const response = await client.refreshTokenGrant(server, refreshToken);
    return { refreshToken, ...tokensOf(response) };
  }

  /**
   * The provider's end-session URL (RP-initiated logout), or undefined if it has none. It names the client, not the
   * ID token (`id_token_hint`): no token ever goes into a URL the browser sees. The provider asks the person to
   * confirm instead.
   */
  async endSessionUrl(): Promise<string | undefined> {
    const { client, server } = await this.configuration();
    if (!server.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(server, {
      post_logout_redirect_uri: this.postLogoutRedirectUri,
      client_id: this.config.env.BEACON_OIDC_CLIENT_ID,
    }).href;
  }
}

function tokensOf(
  response: OpenIdClientNs.TokenEndpointResponse & OpenIdClientNs.TokenEndpointResponseHelpers,
): ProviderTokens {
  const claims = response.claims();
  return {
    accessToken: response.access_token,
    ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
    ...(response.id_token ? { idToken: response.id_token } : {}),
    expiresAt: Date.now() + (response.expiresIn() ?? 300) * 1000,
    ...(claims ? { claims: { ...claims } } : {}),
  };
}
