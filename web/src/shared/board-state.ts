import type {
  AlertEvent,
  AlertView,
  BedTile,
  BoardChart,
  BoardSnapshot,
  Heartbeat,
  ScoreEvent,
} from '../../../src/contracts/events';

/**
 * What a ward screen shows, kept in step with the server by sequence number. Pure: the screen feeds in what the
 * socket delivers (and the time), and is told what to do next — ask for a fresh snapshot, cue a new escalation,
 * confirm what it now shows.
 */
export interface Board {
  readonly wardId: string;
  readonly wardName: string;
  readonly clinicalMode: 'live' | 'demo';
  readonly charts: readonly BoardChart[];
  readonly heartbeatSeconds: number;
  readonly seq: number;
  /** By bed. */
  readonly beds: readonly BedTile[];
  /** Open alerts, most urgent first. */
  readonly alerts: readonly AlertView[];
  /** The server's clock minus this screen's clock, in ms (ages are shown in server time). */
  readonly clockOffsetMs: number;
  /** When this screen last heard from the server, by its own clock. */
  readonly lastHeardAt: number;
  /** How far behind scoring is on this ward, when past the server's warning threshold (the last heartbeat's word). */
  readonly scoringBehindSeconds: number | null;
}

export interface ScreenState {
  readonly board: Board | null;
  /** Events that arrived before the first snapshot; replayed on top of it. */
  readonly early: readonly (AlertInput | ScoreInput)[];
}

type AlertInput = { readonly kind: 'alert'; readonly event: AlertEvent };
type ScoreInput = { readonly kind: 'score'; readonly event: ScoreEvent };

export type WardInput =
  | { readonly kind: 'snapshot'; readonly snapshot: BoardSnapshot }
  | AlertInput
  | ScoreInput
  | { readonly kind: 'heartbeat'; readonly beat: Heartbeat }
  /** A heartbeat announced this number a moment ago: has it arrived? */
  | { readonly kind: 'recheck'; readonly seq: number };

export interface Shown {
  readonly alertId: string;
  readonly step: number;
}

export interface Outcome {
  readonly state: ScreenState;
  /** The screen may have missed something: ask for a fresh snapshot (ward:join). */
  readonly resync: boolean;
  /** Feed `{ kind: 'recheck', seq }` back in shortly (an event may still be on its way). */
  readonly recheck: number | null;
  /** Newly raised or newly escalated alerts: sound and flash. */
  readonly cue: readonly AlertView[];
  /** Alerts this step put on screen (at their escalation step): confirm them with alert:received. */
  readonly shown: readonly Shown[];
}

export const initialState = (): ScreenState => ({ board: null, early: [] });

const NOTHING = { resync: false, recheck: null, cue: [], shown: [] } as const;

/** Most urgent first: lower severity, then the longest waiting. */
/**
 * Sickest first; at the same level, an alert nobody has taken on (raised) before one someone has acknowledged or is
 * attending, then the one waiting longest.
 */
export function byUrgency(a: AlertView, b: AlertView): number {
  return (
    a.severity - b.severity ||
    Number(a.state !== 'raised') - Number(b.state !== 'raised') ||
    a.raisedAt.localeCompare(b.raisedAt)
  );
}

export function byBed(a: BedTile, b: BedTile): number {
  return (
    (a.bed ?? '\uffff').localeCompare(b.bed ?? '\uffff', 'en', { numeric: true }) ||
    a.initials.localeCompare(b.initials)
  );
}

export function step(state: ScreenState, input: WardInput, now: number): Outcome {
  switch (input.kind) {
    case 'snapshot':
      return fromSnapshot(state, input.snapshot, now);
    case 'alert':
    case 'score': {
      const board = state.board;
      if (!board) return { ...NOTHING, state: { ...state, early: [...state.early, input] } };
      return applyEvent(board, input, now);
    }
    case 'heartbeat': {
      const board = state.board;
      if (!board || input.beat.wardId !== board.wardId) return { ...NOTHING, state };
      const next = {
        ...board,
        lastHeardAt: now,
        clockOffsetMs: Date.parse(input.beat.at) - now,
        scoringBehindSeconds: input.beat.scoringBehindSeconds ?? null,
      };
      return {
        ...NOTHING,
        state: { board: next, early: [] },
        // Lower than ours: the server's counter was reset. Higher: we may have missed an event, unless it is
        // still on its way (events and heartbeats travel different paths) — look again shortly.
        resync: input.beat.seq < board.seq || input.beat.resync === true,
        recheck: input.beat.seq > board.seq ? input.beat.seq : null,
      };
    }
    case 'recheck':
      return { ...NOTHING, state, resync: state.board !== null && state.board.seq < input.seq };
  }
}

function fromSnapshot(state: ScreenState, snapshot: BoardSnapshot, now: number): Outcome {
  const previous = state.board?.wardId === snapshot.wardId ? state.board : null;
  let board: Board = {
    wardId: snapshot.wardId,
    wardName: snapshot.wardName,
    clinicalMode: snapshot.clinicalMode,
    charts: snapshot.charts,
    heartbeatSeconds: snapshot.heartbeatSeconds,
    seq: snapshot.seq,
    beds: [...snapshot.beds].sort(byBed),
    alerts: snapshot.alerts.filter((alert) => alert.closed === null).sort(byUrgency),
    clockOffsetMs: Date.parse(snapshot.at) - now,
    lastHeardAt: now,
    scoringBehindSeconds: previous?.scoringBehindSeconds ?? null,
  };
  // A re-sync cues what changed while we were out of step; a screen's first snapshot cues nothing (it is all new).
  const cue = previous ? board.alerts.filter((alert) => isNewOrEscalated(previous.alerts, alert)) : [];
  let resync = false;
  const shown: Shown[] = board.alerts.map((alert) => ({ alertId: alert.id, step: alert.escalation.step }));
  const moreCues: AlertView[] = [];
  for (const early of [...state.early].sort((a, b) => a.event.seq - b.event.seq)) {
    if (early.event.seq <= board.seq) continue;
    const outcome = applyEvent(board, early, now);
    board = outcome.state.board as Board;
    resync ||= outcome.resync;
    shown.push(...outcome.shown);
    moreCues.push(...outcome.cue);
  }
  return { state: { board, early: [] }, resync, recheck: null, cue: [...cue, ...moreCues], shown };
}

/** Escalations are cued (sound, flash); pathway prompts never are: they must not look like an emergency. */
function isNewOrEscalated(before: readonly AlertView[], alert: AlertView): boolean {
  if (alert.kind === 'prompt') return false;
  const old = before.find((candidate) => candidate.id === alert.id);
  if (!old) return alert.state === 'raised';
  return alert.escalation.step > old.escalation.step && alert.state === 'raised';
}

function applyEvent(board: Board, input: AlertInput | ScoreInput, now: number): Outcome {
  const { seq } = input.event;
  if (seq <= board.seq) return { ...NOTHING, state: { board: { ...board, lastHeardAt: now }, early: [] } };
  // A gap: show this change at once (it may be an escalation), and fetch a snapshot for what was missed.
  const resync = seq !== board.seq + 1;
  const base = { ...board, seq, lastHeardAt: now };
  if (input.kind === 'score') {
    const { tile } = input.event;
    const others = board.beds.filter((bed) => bed.patientId !== tile.patientId);
    const beds = tile.wardId === board.wardId ? [...others, tile].sort(byBed) : others;
    return { ...NOTHING, resync, state: { board: { ...base, beds }, early: [] } };
  }
  const { alert } = input.event;
  const existing = board.alerts.find((candidate) => candidate.id === alert.id);
  if (existing && existing.updatedAt > alert.updatedAt)
    return { ...NOTHING, resync, state: { board: base, early: [] } };
  const others = board.alerts.filter((candidate) => candidate.id !== alert.id);
  if (alert.closed !== null)
    return { ...NOTHING, resync, state: { board: { ...base, alerts: others }, early: [] } };
  return {
    resync,
    recheck: null,
    state: { board: { ...base, alerts: [...others, alert].sort(byUrgency) }, early: [] },
    cue: isNewOrEscalated(board.alerts, alert) ? [alert] : [],
    shown: [{ alertId: alert.id, step: alert.escalation.step }],
  };
}

/** Whether the screen should say its data may be stale. */
export function isStale(board: Board | null, connected: boolean, now: number): boolean {
  if (!board || !connected) return true;
  return now - board.lastHeardAt > 3 * board.heartbeatSeconds * 1000;
}

/** The worst scoring delay among several wards' boards (null when every ward keeps up). */
export function scoringBehind(boards: readonly (Board | null)[]): number | null {
  const behind = boards.flatMap((board) =>
    board !== null && board.scoringBehindSeconds !== null ? [board.scoringBehindSeconds] : [],
  );
  return behind.length > 0 ? Math.max(...behind) : null;
}

/** Attempts at a delivery receipt before the screen gives up (the server's timer sweep still escalates). */
export const RECEIPT_ATTEMPTS = 5;

/**
 * When to send a delivery receipt again, in ms, or null: after no answer or a refusal Beacon says is temporary
 * (503 overloaded or unavailable, 429, a 5xx), with a growing pause; never after a 4xx that retrying cannot change, nor
 * after the last attempt. A receipt is what tells the ladder someone's screen showed the escalation.
 */
export function receiptRetryAfterMs(
  reply: 'no-answer' | { readonly status?: number; readonly error?: string } | { readonly data: unknown },
  attempt: number,
): number | null {
  if (attempt >= RECEIPT_ATTEMPTS) return null;
  const temporary =
    reply === 'no-answer' ||
    ('status' in reply && reply.status !== undefined && (reply.status === 429 || reply.status >= 500));
  return temporary ? 1000 * 2 ** (attempt - 1) : null;
}
