import { useEffect, useRef, useState } from 'preact/hooks';
import type { AlertEvent, AlertView } from '../../../src/contracts/events';
import type { Board, ScreenState, Shown, WardInput } from './board-state';
import { initialState, receiptRetryAfterMs, step } from './board-state';
import type { WardSocket } from './send';
import { forgetToken, onSessionEnded } from './connection';
import { listen, send } from './send';

/** How long to wait for an event a heartbeat announced before fetching a snapshot instead. */
const RECHECK_MS = 2000;
/** A full snapshot now and then also catches admissions, transfers and discharges (they send no event). */
const REFRESH_MS = 60_000;

export interface WardBoards {
  /** One board per ward asked for, in the order asked, once its first snapshot has arrived. */
  readonly boards: readonly Board[];
  readonly connected: boolean;
  /** Why the screen cannot show a ward (refused, session ended), in words. */
  readonly problem: string | null;
  /** This screen's clock, ticking every second (ages and staleness are computed from it). */
  readonly now: number;
}

export interface WardBoard {
  readonly board: Board | null;
  readonly connected: boolean;
  readonly problem: string | null;
  readonly now: number;
}

/** Tells Beacon this screen showed an escalation step, again after a temporary refusal; `gaveUp` if it never could. */
function confirmShown(socket: WardSocket, shown: Shown, gaveUp: () => void, attempt = 1): void {
  void send(socket, 'alert:received', shown).then((reply) => {
    const retryAfter = receiptRetryAfterMs(reply, attempt);
    if (retryAfter !== null) setTimeout(() => confirmShown(socket, shown, gaveUp, attempt + 1), retryAfter);
    else if (reply === 'no-answer') gaveUp();
  });
}

/**
 * Several wards' live boards over one `/ward` socket (a midwife covering two wards, a coordinator's huddle): joins
 * each on every (re)connect, keeps each in step by its own sequence number, re-syncs a ward on any gap, confirms what
 * it shows (alert:received) and cues new escalations.
 */
export function useWardBoards(
  socket: WardSocket | null,
  wardIds: readonly string[],
  onCue: (alerts: readonly AlertView[]) => void,
): WardBoards {
  const states = useRef(new Map<string, ScreenState>());
  const confirmed = useRef(new Set<string>());
  const cue = useRef(onCue);
  cue.current = onCue;
  const [boards, setBoards] = useState<readonly Board[]>([]);
  const [connected, setConnected] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  const key = wardIds.join('\n');

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!socket || wardIds.length === 0) return;
    const wards = [...wardIds];
    states.current = new Map(wards.map((wardId) => [wardId, initialState()]));
    setBoards([]);
    const publish = () =>
      setBoards(
        wards
          .map((wardId) => states.current.get(wardId)?.board ?? null)
          .filter((board): board is Board => board !== null),
      );
    const join = (wardId: string) => {
      void send(socket, 'ward:join', { wardId }).then((reply) => {
        if (reply !== 'no-answer' && 'error' in reply) setProblem(reply.error);
        else if (reply !== 'no-answer') setProblem(null);
      });
    };
    const apply = (wardId: string, input: WardInput) => {
      const outcome = step(states.current.get(wardId) ?? initialState(), input, Date.now());
      states.current.set(wardId, outcome.state);
      publish();
      if (outcome.resync) join(wardId);
      const recheck = outcome.recheck;
      if (recheck !== null) setTimeout(() => apply(wardId, { kind: 'recheck', seq: recheck }), RECHECK_MS);
      if (outcome.cue.length > 0) cue.current(outcome.cue);
      for (const shown of outcome.shown) {
        const id = `${shown.alertId}:${shown.step}`;
        if (confirmed.current.has(id)) continue;
        confirmed.current.add(id);
        confirmShown(socket, shown, () => confirmed.current.delete(id));
      }
    };
    const ours = (event: { wardId: string }) => states.current.has(event.wardId);
    const onConnect = () => {
      setConnected(true);
      for (const wardId of wards) join(wardId);
    };
    const onAlert = (event: AlertEvent) => {
      if (ours(event)) apply(event.wardId, { kind: 'alert', event });
    };
    const subscriptions = [
      listen(socket, 'connect', onConnect),
      listen(socket, 'disconnect', () => setConnected(false)),
      listen(socket, 'connect_error', (error) => {
        setConnected(false);
        setProblem(`Cannot connect: ${error.message}`);
      }),
      listen(socket, 'board:snapshot', (snapshot) => {
        if (ours(snapshot)) apply(snapshot.wardId, { kind: 'snapshot', snapshot });
      }),
      listen(socket, 'alert:raised', onAlert),
      listen(socket, 'alert:updated', onAlert),
      listen(socket, 'score:updated', (event) => {
        if (ours(event)) apply(event.wardId, { kind: 'score', event });
      }),
      listen(socket, 'ward:heartbeat', (beat) => {
        if (ours(beat)) apply(beat.wardId, { kind: 'heartbeat', beat });
      }),
      listen(socket, 'session:ended', ({ reason }) => {
        forgetToken();
        if (!onSessionEnded(reason)) setProblem(`Signed out: ${reason}. Open a new link to sign in again.`);
      }),
    ];
    if (socket.connected) onConnect();
    const refresh = setInterval(() => {
      if (socket.connected) for (const wardId of wards) join(wardId);
    }, REFRESH_MS);
    return () => {
      clearInterval(refresh);
      for (const unsubscribe of subscriptions) unsubscribe();
      for (const wardId of wards) void send(socket, 'ward:leave', { wardId });
    };
    // The list of wards is compared by value (`key`), not by identity.
  }, [socket, key]);

  return { boards, connected, problem, now };
}

/** One ward's live board (the ward display). */
export function useWardBoard(
  socket: WardSocket | null,
  wardId: string | null,
  onCue: (alerts: readonly AlertView[]) => void,
): WardBoard {
  const wards = useRef<readonly string[]>([]);
  if ((wards.current[0] ?? null) !== wardId) wards.current = wardId ? [wardId] : [];
  const { boards, connected, problem, now } = useWardBoards(socket, wards.current, onCue);
  return { board: boards[0] ?? null, connected, problem, now };
}
