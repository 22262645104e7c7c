import type { Namespace, Socket } from 'socket.io';
import type { StaffPrincipal } from '../auth/principal';
import type { ClientToServerEvents, ServerToClientEvents } from '../contracts/events';

export const WARD_NAMESPACE = '/ward';
export const UNASSIGNED = 'unassigned';

/** What the gateway keeps on each authenticated socket. */
export interface ScreenData {
  staff: StaffPrincipal;
  /** Re-checked on every command and every heartbeat: an expired token ends the session. */
  token?: string;
  /** Or a sign-in session (the cookie's Redis key), re-checked the same way; signing out closes the socket at once. */
  sessionKey?: string;
  /** A stable id of the screen (browser storage), for counting deliveries per screen. */
  screen: string;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events
export type WardServer = Namespace<ClientToServerEvents, ServerToClientEvents, {}, ScreenData>;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no server-to-server events
export type WardSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, ScreenData>;

/** The room of a ward's screens (patients on no ward: the "unassigned" room). */
export const roomOf = (wardId: string | null): string => `ward:${wardId ?? UNASSIGNED}`;

/** The room of every socket of one sign-in session (so ending the session closes them all, on every api process). */
export const sessionRoomOf = (sessionKey: string): string => `session:${sessionKey}`;
