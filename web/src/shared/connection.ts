import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, CommandReply, ServerToClientEvents } from '../../../src/gateway/events';

export type WardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

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

export function connect(token: string, screen: string): WardSocket {
  return io('/ward', {
    auth: { token, screen },
    transports: ['websocket'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
}

/** Sends a command and waits for Beacon's answer; 'no-answer' if none comes in time (the connection dropped). */
export async function send<T>(
  socket: WardSocket,
  name: keyof ClientToServerEvents,
  input: unknown,
  timeoutMs = 8000,
): Promise<CommandReply<T> | 'no-answer'> {
  if (!socket.connected) return 'no-answer';
  const emit = socket.timeout(timeoutMs).emitWithAck.bind(socket) as unknown as (
    event: string,
    input: unknown,
  ) => Promise<CommandReply<T>>;
  try {
    return await emit(name, input);
  } catch {
    return 'no-answer';
  }
}
