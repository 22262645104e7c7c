import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import type * as OidcProviderNs from 'oidc-provider' with { 'resolution-mode': 'import' };
import type { DemoUser } from './demo-users';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users';

type OidcProvider = InstanceType<(typeof OidcProviderNs)['default']>;
type KoaContext = Parameters<Parameters<OidcProvider['use']>[0]>[0];

/** The claims Beacon reads the role and the wards from (BEACON_OIDC_ROLE_CLAIM / BEACON_OIDC_WARDS_CLAIM defaults). */
export const ROLE_CLAIM = 'beacon_role';
export const WARDS_CLAIM = 'beacon_wards';

export interface DevIdentityProviderOptions {
  /** Where Beacon runs (its /auth/callback and /auth/signed-out are registered as redirect URIs). */
  readonly beaconUrl: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** 0 (default): any free loopback port. */
  readonly port?: number;
  /** Lifetime of access and ID tokens (default 10 minutes); short in tests, so Beacon must refresh. */
  readonly accessTokenSeconds?: number;
  readonly users?: readonly DemoUser[];
  readonly password?: string;
}

/**
 * A real OpenID Connect provider (the certified `oidc-provider` library) for `npm run demo` and the tests, on
 * loopback only: authorization code with PKCE, refresh tokens, RP-initiated logout, and a plain "development
 * sign-in" page that checks a user name and password from DEMO_USERS. Never part of a live deployment.
 */
export class DevIdentityProvider {
  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    readonly clientId: string,
    readonly clientSecret: string,
    readonly users: readonly DemoUser[],
    readonly password: string,
  ) {}

  static async start(options: DevIdentityProviderOptions): Promise<DevIdentityProvider> {
    const { default: Provider } = await import('oidc-provider');
    const users = options.users ?? DEMO_USERS;
    const password = options.password ?? DEMO_PASSWORD;
    const clientId = options.clientId ?? 'beacon';
    const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
    const beacon = options.beaconUrl.replace(/\/$/, '');
    const tokenSeconds = options.accessTokenSeconds ?? 600;

    const server = createServer();
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const signingKey = { ...(await exportJWK(privateKey)), kid: 'dev-rs256', use: 'sig', alg: 'RS256' };
    const userOf = (username: string) => users.find((user) => user.username === username);

    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          client_name: 'Beacon',
          redirect_uris: [`${beacon}/auth/callback`],
          post_logout_redirect_uris: [`${beacon}/auth/signed-out`],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: [signingKey] },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      pkce: { required: () => true },
      scopes: ['openid', 'profile', 'offline_access', 'beacon'],
      claims: { openid: ['sub'], profile: ['name'], beacon: [ROLE_CLAIM, WARDS_CLAIM] },
      // Beacon reads role and wards from the ID token, as it does from Entra ID's `roles` claim.
      conformIdTokenClaims: false,
      findAccount: (_ctx, sub) => {
        const user = userOf(sub);
        if (!user) return undefined;
        return {
          accountId: sub,
          claims: () => ({
            sub,
            name: user.name,
            [ROLE_CLAIM]: user.role,
            [WARDS_CLAIM]: [...user.wards],
          }),
        };
      },
      // Beacon is the unit's own (first-party) application: no consent screen.
      loadExistingGrant: async (ctx) => {
        const grantId =
          ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? '');
        if (grantId) return ctx.oidc.provider.Grant.find(grantId);
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client?.clientId ?? '',
          accountId: ctx.oidc.session?.accountId ?? '',
        });
        grant.addOIDCScope('openid profile offline_access beacon');
        await grant.save();
        return grant;
      },
      issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
      ttl: {
        AccessToken: tokenSeconds,
        IdToken: tokenSeconds,
        RefreshToken: 24 * 3600,
        Interaction: 600,
        Session: 24 * 3600,
        Grant: 24 * 3600,
        AuthorizationCode: 60,
      },
      features: {
        devInteractions: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: (ctx, form) => {
            ctx.body = page(
              'Sign out',
              `${form}<p>Sign out of the development identity provider too?</p>
               <button form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>`,
            );
          },
          postLogoutSuccessSource: (ctx) => {
            ctx.body = page('Signed out', '<p>You are signed out of the development identity provider.</p>');
          },
        },
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      renderError: (ctx, out) => {
        ctx.type = 'html';
        ctx.body = page('Sign-in problem', `<p>${escapeHtml(out.error_description ?? out.error)}</p>`);
      },
    });
    provider.use((ctx, next) => signInPage(provider, ctx, next, userOf, password));
    const handle = provider.callback();
    server.on('request', (request, response) => void handle(request, response));
    return new DevIdentityProvider(server, issuer, clientId, clientSecret, users, password);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The development sign-in page: GET shows the form, POST checks the user name and password. */
async function signInPage(
  provider: OidcProvider,
  ctx: KoaContext,
  next: () => Promise<unknown>,
  userOf: (username: string) => DemoUser | undefined,
  password: string,
): Promise<unknown> {
  const match = /^\/interaction\/([\w-]+)$/.exec(ctx.path);
  if (!match) return next();
  ctx.set('Cache-Control', 'no-store');
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.prompt.name !== 'login') ctx.throw(501, `unexpected prompt ${details.prompt.name}`);
  const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : '';
  if (ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.body = page('Development sign-in', loginForm(ctx.path, hint, ''));
    return undefined;
  }
  if (ctx.method !== 'POST') ctx.throw(405);
  const form = new URLSearchParams(await readBody(ctx));
  const username = form.get('username') ?? '';
  const user = userOf(username);
  if (!user || !sameText(form.get('password') ?? '', password)) {
    ctx.status = 401;
    ctx.type = 'html';
    ctx.body = page(
      'Development sign-in',
      loginForm(ctx.path, username, 'That user name and password do not match.'),
    );
    return undefined;
  }
  await provider.interactionFinished(
    ctx.req,
    ctx.res,
    { login: { accountId: user.username } },
    { mergeWithLastSubmission: false },
  );
  return undefined;
}

function readBody(ctx: KoaContext): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    ctx.req.setEncoding('utf8');
    ctx.req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 8192) reject(new Error('form too large'));
    });
    ctx.req.on('end', () => resolve(text));
    ctx.req.on('error', reject);
  });
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function loginForm(action: string, username: string, problem: string): string {
  return `<p class="warning">Development identity provider: for the demo and the tests only, never for patients.</p>
${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}" autocomplete="off">
  <label>User name <input name="username" required value="${escapeHtml(username)}"${username ? '' : ' autofocus'}></label>
  <label>Password <input name="password" type="password" required${username ? ' autofocus' : ''}></label>
  <button type="submit">Sign in</button>
</form>`;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)} — development identity provider</title>
<style>body{font:16px system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}
label{display:block;margin:.8rem 0}input{display:block;width:100%;font-size:1.1rem;padding:.4rem}
button{font-size:1.1rem;padding:.5rem 1.2rem}.warning{background:#fff4ce;padding:.5rem}[role=alert]{color:#a4262c}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character,
  );
}
