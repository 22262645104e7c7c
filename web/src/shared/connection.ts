import { io } from 'socket.io-client';
import type { WardSocket } from './send';

const TOKEN_KEY = 'beacon.token';

/**
 * The staff token: from the link's fragment (`#token=…`, never sent to the server or logged), kept for this tab
 * only, and removed from the address bar so it is not bookmarked or shoulder-surfed.
 */
export function takeToken(): string | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromLink = fragment.get('token');
  if (fromLink) {
    sessionStorage.setItem(TOKEN_KEY, fromLink);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** What a page learns from GET /auth/session about its sign-in (never a token: those stay on the server). */
export interface PageSession {
  readonly user: { readonly id: string; readonly name: string; readonly role: string };
  readonly kind: 'person' | 'display';
  readonly wards: readonly string[];
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly idleLockSeconds: number | null;
}

/** The credential that means "the sign-in session": the browser sends its httpOnly cookie by itself. */
export const SESSION_CREDENTIAL = '';

let pageSession: PageSession | null = null;
let signingOut = false;

export const currentSession = (): PageSession | null => pageSession;

/**
 * How this page is signed in: a development token from a `#token=` link (demo mode only; live mode refuses them),
 * else the staff sign-in session (SESSION_CREDENTIAL), else null (sign in first).
 */
export async function pageCredential(): Promise<string | null> {
  const token = takeToken();
  if (token) return token;
  try {
    const response = await fetch('/auth/session', { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) return null;
    pageSession = (await response.json()) as PageSession;
    return SESSION_CREDENTIAL;
  } catch {
    return null;
  }
}

/** Where to sign in and come back to this page; a locked session signs the same person in again. */
export function signInUrl(loginHint?: string): string {
  const query = new URLSearchParams({ returnTo: window.location.pathname });
  if (loginHint) query.set('loginHint', loginHint);
  return `/auth/sign-in?${query.toString()}`;
}

/**
 * Beacon ended this page's sign-in session (expired, locked, revoked, signed out elsewhere): go to sign-in. Returns
 * false for a development token link, whose page shows the reason instead.
 */
export function onSessionEnded(reason: string): boolean {
  if (!pageSession || signingOut) return Boolean(pageSession);
  if (pageSession.kind === 'display') {
    window.location.reload(); // unpaired: back to the pairing code
    return true;
  }
  const hint = /locked/.test(reason) ? pageSession.user.id : undefined;
  window.location.assign(signInUrl(hint));
  return true;
}

/** Signs out here (Beacon closes every socket of the session) and then at the identity provider. */
export async function signOut(): Promise<void> {
  if (!pageSession) return;
  signingOut = true;
  const response = await fetch('/auth/sign-out', {
    method: 'POST',
    headers: { 'X-CSRF-Token': pageSession.csrfToken },
    credentials: 'same-origin',
  });
  const { endSessionUrl } = response.ok
    ? ((await response.json()) as { endSessionUrl: string })
    : { endSessionUrl: '/' };
  window.location.assign(endSessionUrl);
}

/** A stable id for this screen (kept in the browser), so Beacon counts deliveries per screen, not per reconnect. */
export function screenId(kind: string): string {
  const key = `beacon.screen.${kind}`;
  let id = localStorage.getItem(key);
  if (!id) {
    id = `${kind}-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(key, id);
  }
  return id;
}

/** The `/ward` socket, with a token or (SESSION_CREDENTIAL) with the sign-in session's cookie. */
export function connect(token: string, screen: string): WardSocket {
  const socket: WardSocket = io('/ward', {
    auth: token === SESSION_CREDENTIAL ? { screen } : { token, screen },
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  if (token === SESSION_CREDENTIAL) {
    // Closed by Beacon, or refused on reconnecting: if the session has ended, go to sign-in.
    const recheck = () => void sessionStillOpen().then((open) => open || onSessionEnded('ended'));
    socket.on('disconnect', (reason) => reason === 'io server disconnect' && recheck());
    socket.on('connect_error', recheck);
  }
  return socket;
}

async function sessionStillOpen(): Promise<boolean> {
  try {
    return (await fetch('/auth/session', { cache: 'no-store', credentials: 'same-origin' })).status !== 401;
  } catch {
    return true; // Beacon unreachable: the screen shows it is disconnected and keeps trying
  }
}
