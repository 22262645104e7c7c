// The socket.io contract between Beacon and its screens (ward displays, handhelds). web/ imports this file with
// `import type` only, so it must stay types and type-only imports: nothing here exists at run time. The command
// payloads are the zod schemas' input types (commands.ts), so the gateway checks exactly what the client may send.
import type { AlertView } from './alert.view';
import type { BedTile, BoardChart } from './board.view';
import type * as commands from './commands';

export type { AlertView, BedTile, BoardChart };
export type {
  AcknowledgeCommand,
  JoinCommand,
  NotRequiredReason,
  PromptNotDoneReason,
  PromptOutcomeCommand,
  RaiseConcernCommand,
  ReceiptCommand,
  RespondCommand,
  StaffResponse,
} from './commands';

/** The socket.io namespace of every ward screen. */
export type WardNamespace = '/ward';

/** Patients on no configured ward; only unit-wide roles (coordinator, admin) may watch it. */
export type UnassignedWard = 'unassigned';

/**
 * Every event about a ward carries the ward's sequence number: one more than the previous event's. A screen that
 * sees any other number (a gap, a restart) asks for a fresh snapshot with `ward:join`.
 */
export interface WardEvent {
  readonly wardId: string;
  readonly seq: number;
}

/** Everything a ward screen shows, consistent as of `seq`. */
export interface BoardSnapshot extends WardEvent {
  readonly wardName: string;
  /** Server time the snapshot was taken (screens show ages relative to it, whatever their own clock says). */
  readonly at: string;
  /** `demo`: charts may be unverified placeholders and every screen says so. */
  readonly clinicalMode: 'live' | 'demo';
  /** The charts used on this board, with their verification status and risk colours. */
  readonly charts: readonly BoardChart[];
  /** One tile per patient on the ward, by bed. */
  readonly beds: readonly BedTile[];
  /** Open alerts, most urgent first. */
  readonly alerts: readonly AlertView[];
  /** The server sends `ward:heartbeat` this often; silence for three intervals means the screen may be stale. */
  readonly heartbeatSeconds: number;
}

export interface AlertEvent extends WardEvent {
  readonly alert: AlertView;
}

export interface ScoreEvent extends WardEvent {
  readonly tile: BedTile;
}

/** Proof of life, with the ward's latest sequence number (a screen that has not seen it missed an event). */
export interface Heartbeat extends WardEvent {
  readonly at: string;
  /** The ward changed in a way no event carries (a patient moved in or out, or changed bed): take a fresh snapshot. */
  readonly resync?: boolean;
  /**
   * Present when the ward's oldest reading waiting to be scored is older than the warning threshold: the screen says
   * "Beacon is N s behind — scores may be out of date" and its live indicator turns amber.
   */
  readonly scoringBehindSeconds?: number;
}

/** Answer to every client command (the socket.io acknowledgement). */
export type CommandReply<T> =
  | { readonly data: T }
  | {
      /** What was wrong, naming the field where one was. */
      readonly error: string;
      /** The HTTP status the same failure would have (400, 401, 403, 404, 409, 503). */
      readonly status: number;
    };

export type Ack<T> = (reply: CommandReply<T>) => void;

export interface SessionInfo {
  readonly user: { readonly id: string; readonly name: string; readonly role: string };
  /** The wards this person may watch, with their names. */
  readonly wards: readonly { readonly id: string; readonly name: string }[];
  /** Whether this person may acknowledge and respond (midwives and coordinators). */
  readonly mayAct: boolean;
  /** The reasons a "not required" response may give. */
  readonly notRequiredReasons: readonly { readonly id: commands.NotRequiredReason; readonly label: string }[];
  /** The reasons a pathway prompt may be recorded as not done. */
  readonly promptNotDoneReasons: readonly {
    readonly id: commands.PromptNotDoneReason;
    readonly label: string;
  }[];
  readonly clinicalMode: 'live' | 'demo';
}

export interface ServerToClientEvents {
  'board:snapshot': (snapshot: BoardSnapshot) => void;
  'alert:raised': (event: AlertEvent) => void;
  'alert:updated': (event: AlertEvent) => void;
  'score:updated': (event: ScoreEvent) => void;
  'ward:heartbeat': (event: Heartbeat) => void;
  /** The session's token expired or was refused on re-check: sign in again. The socket is then disconnected. */
  'session:ended': (event: { readonly reason: string }) => void;
}

export interface ClientToServerEvents {
  'session:info': (input: Record<string, never>, ack: Ack<SessionInfo>) => void;
  'ward:join': (input: commands.JoinCommand, ack: Ack<BoardSnapshot>) => void;
  'ward:leave': (input: commands.JoinCommand, ack: Ack<{ readonly left: string }>) => void;
  'alert:acknowledge': (input: commands.AcknowledgeCommand, ack: Ack<AlertView>) => void;
  'alert:respond': (input: commands.RespondCommand, ack: Ack<AlertView>) => void;
  'concern:raise': (input: commands.RaiseConcernCommand, ack: Ack<AlertView>) => void;
  'prompt:outcome': (input: commands.PromptOutcomeCommand, ack: Ack<AlertView>) => void;
  'alert:received': (input: commands.ReceiptCommand, ack: Ack<{ readonly recorded: boolean }>) => void;
}

/** What the client sends in the handshake: `io('/ward', { auth: { token, screen } })`. */
export interface HandshakeAuth {
  readonly token: string;
  /** A stable id of this screen (kept in the browser's storage), so deliveries count screens, not reconnects. */
  readonly screen?: string;
}
