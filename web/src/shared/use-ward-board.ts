import { useEffect, useRef, useState } from 'preact/hooks';
import type { AlertView } from '../../../src/gateway/events';
import type { Board, WardInput } from './board-state';
import { initialState, step } from './board-state';
import type { WardSocket } from './connection';
import { forgetToken, onSessionEnded, send } from './connection';

/** How long to wait for an event a heartbeat announced before fetching a snapshot instead. */
const RECHECK_MS = 2000;
/** A full snapshot now and then also catches admissions, transfers and discharges (they send no event). */
const REFRESH_MS = 60_000;

export interface WardBoard {
  readonly board: Board | null;
  readonly connected: boolean;
  /** Why the screen cannot show the ward (refused, session ended), in words. */
  readonly problem: string | null;
  /** This screen's clock, ticking every second (ages and staleness are computed from it). */
  readonly now: number;
}

/**
 * A ward's live board over the `/ward` socket: joins on every (re)connect, keeps in step by sequence number,
 * re-syncs on any gap, confirms what it shows (alert:received) and cues new escalations.
 */
export function useWardBoard(
  socket: WardSocket | null,
  wardId: string | null,
  onCue: (alerts: readonly AlertView[]) => void,
): WardBoard {
  const state = useRef(initialState());
  const confirmed = useRef(new Set<string>());
  const cue = useRef(onCue);
  cue.current = onCue;
  const [board, setBoard] = useState<Board | null>(null);
  const [connected, setConnected] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    if (!socket || !wardId) return;
    state.current = initialState();
    setBoard(null);
    const join = () => {
      void send(socket, 'ward:join', { wardId }).then((reply) => {
        if (reply !== 'no-answer' && 'error' in reply) setProblem(reply.error);
        else if (reply !== 'no-answer') setProblem(null);
      });
    };
    const apply = (input: WardInput) => {
      const outcome = step(state.current, input, Date.now());
      state.current = outcome.state;
      setBoard(outcome.state.board);
      if (outcome.resync) join();
      const recheck = outcome.recheck;
      if (recheck !== null) setTimeout(() => apply({ kind: 'recheck', seq: recheck }), RECHECK_MS);
      if (outcome.cue.length > 0) cue.current(outcome.cue);
      for (const shown of outcome.shown) {
        const key = `${shown.alertId}:${shown.step}`;
        if (confirmed.current.has(key)) continue;
        confirmed.current.add(key);
        void send(socket, 'alert:received', shown).then((reply) => {
          if (reply === 'no-answer') confirmed.current.delete(key);
        });
      }
    };
    const ours = (event: { wardId: string }) => event.wardId === wardId;
    const onConnect = () => {
      setConnected(true);
      join();
    };
    const onDisconnect = () => setConnected(false);
    const onError = (error: Error) => {
      setConnected(false);
      setProblem(`Cannot connect: ${error.message}`);
    };
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onError);
    socket.on('board:snapshot', (snapshot) => ours(snapshot) && apply({ kind: 'snapshot', snapshot }));
    socket.on('alert:raised', (event) => ours(event) && apply({ kind: 'alert', event }));
    socket.on('alert:updated', (event) => ours(event) && apply({ kind: 'alert', event }));
    socket.on('score:updated', (event) => ours(event) && apply({ kind: 'score', event }));
    socket.on('ward:heartbeat', (beat) => ours(beat) && apply({ kind: 'heartbeat', beat }));
    socket.on('session:ended', ({ reason }) => {
      forgetToken();
      if (!onSessionEnded(reason)) setProblem(`Signed out: ${reason}. Open a new link to sign in again.`);
    });
    if (socket.connected) onConnect();
    const refresh = setInterval(() => socket.connected && join(), REFRESH_MS);
    return () => {
      clearInterval(refresh);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onError);
      for (const event of [
        'board:snapshot',
        'alert:raised',
        'alert:updated',
        'score:updated',
        'ward:heartbeat',
      ] as const)
        socket.off(event);
      socket.off('session:ended');
      void send(socket, 'ward:leave', { wardId });
    };
  }, [socket, wardId]);

  return { board, connected, problem, now };
}
