import type { RegisteredClient } from '../../src/config/clients.schema';
import { DevIdentityProvider } from '../../src/dev-identity/dev-identity-provider';
import { freePort } from './private-redis';
import type { TestBeacon } from './test-app';
import { startTestBeacon } from './test-app';

export interface SignInBeacon {
  readonly beacon: TestBeacon;
  readonly idp: DevIdentityProvider;
  close(): Promise<void>;
}

/**
 * Beacon with staff sign-in against the real development identity provider (oidc-provider on loopback), as
 * `npm run demo` runs it. `publicUrl` lets a test pose as Beacon behind TLS (the test still talks plain http).
 */
export async function startSignInBeacon(
  env: Record<string, string> = {},
  options: {
    accessTokenSeconds?: number;
    publicUrl?: (port: number) => string;
    clients?: RegisteredClient[];
  } = {},
): Promise<SignInBeacon> {
  const port = await freePort();
  const publicUrl = options.publicUrl?.(port) ?? `http://127.0.0.1:${port}`;
  const idp = await DevIdentityProvider.start({
    beaconUrl: publicUrl,
    ...(options.accessTokenSeconds ? { accessTokenSeconds: options.accessTokenSeconds } : {}),
  });
  try {
    const beacon = await startTestBeacon(
      {
        BEACON_HTTP_PORT: String(port),
        BEACON_PUBLIC_URL: publicUrl,
        BEACON_OIDC_ISSUER: idp.issuer,
        BEACON_OIDC_CLIENT_ID: idp.clientId,
        BEACON_OIDC_CLIENT_SECRET: idp.clientSecret,
        BEACON_OIDC_SCOPES: 'openid profile offline_access beacon',
        ...env,
      },
      options.clients ? { clients: options.clients } : {},
    );
    return {
      beacon,
      idp,
      close: async () => {
        await beacon.close();
        await idp.close();
      },
    };
  } catch (error) {
    await idp.close();
    throw error;
  }
}

/** Everything a signed-in browser would have seen: each response's status, headers and body, in order. */
export interface SignInTrace {
  /** The Beacon session cookie's value (what the browser stores). */
  readonly cookie: string;
  /** The Set-Cookie header that carried it, for checking its flags. */
  readonly setCookie: string;
  readonly seen: { url: string; status: number; headers: string; body: string }[];
}

/**
 * Signs in the way a browser does, through the provider's real pages: Beacon's /auth/sign-in, the provider's
 * authorization endpoint, its development sign-in form (user name and password posted), back to Beacon's callback.
 * Cookies are kept per host like a browser's (loopback ports share them, as browsers do).
 */
export async function signInOverHttp(
  setup: SignInBeacon,
  username: string,
  password = setup.idp.password,
): Promise<SignInTrace> {
  const jar = new Map<string, string>();
  const seen: SignInTrace['seen'] = [];
  const beaconBase = setup.beacon.url;
  const publicBase = setup.beacon.config.publicUrl;
  let setCookie = '';

  const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const target = url.startsWith(publicBase) ? beaconBase + url.slice(publicBase.length) : url;
    const response = await fetch(target, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      if (name.includes('beacon-session')) setCookie = line;
      if (/expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, pair.slice(at + 1));
    }
    const body = await response.text();
    const headers: string[] = [];
    response.headers.forEach((value, name) => headers.push(`${name}: ${value}`));
    seen.push({ url: target, status: response.status, headers: headers.join('\n'), body });
    (response as Response & { bodyText: string }).bodyText = body;
    return response;
  };
  const follow = async (start: Response, from: string): Promise<{ response: Response; url: string }> => {
    let response = start;
    let url = from;
    while (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location') ?? '', url).href;
      response = await send(url);
    }
    return { response, url };
  };

  const signInStart = `${beaconBase}/auth/sign-in?returnTo=/handheld`;
  const { response: form, url: formUrl } = await follow(await send(signInStart), signInStart);
  if (form.status !== 200 || !formUrl.startsWith(setup.idp.issuer))
    throw new Error(`expected the provider's sign-in page, got ${form.status} at ${formUrl}`);
  const posted = await send(formUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  const { response: landing, url: landingUrl } = await follow(posted, formUrl);
  const cookie = [...jar].find(([name]) => name.includes('beacon-session'))?.[1];
  if (!cookie)
    throw new Error(
      `no Beacon session after sign-in (ended at ${landing.status} ${landingUrl}): ${(landing as Response & { bodyText: string }).bodyText.slice(0, 300)}`,
    );
  return { cookie, setCookie, seen };
}

/** The Cookie header of a session. */
export const cookieHeader = (setup: SignInBeacon, cookie: string): string =>
  `${setup.beacon.config.behindTls ? '__Host-beacon-session' : 'beacon-session'}=${cookie}`;
