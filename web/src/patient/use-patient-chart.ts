import { useEffect, useRef, useState } from 'preact/hooks';
import type { PatientChart } from '../../../src/contracts/patient-chart.view';
import type { WardSocket } from '../shared/send';
import { ApiProblem, apiJson } from '../shared/api';
import { forgetToken, onSessionEnded } from '../shared/connection';
import { send } from '../shared/send';

/** A full refetch now and then also catches what no event announces (a retracted set, a transfer). */
const REFRESH_MS = 60_000;

export interface LivePatientChart {
  readonly chart: PatientChart | null;
  readonly connected: boolean;
  /** Why the chart cannot be shown (refused, unknown patient, signed out), in words. */
  readonly problem: string | null;
  /** Why live updates are not coming (the ward could not be joined); the chart itself is still shown. */
  readonly liveProblem: string | null;
}

async function fetchChart(patientId: string, token: string): Promise<PatientChart | string> {
  try {
    return await apiJson<PatientChart>(`/api/patients/${encodeURIComponent(patientId)}/chart`, token);
  } catch (error) {
    return error instanceof ApiProblem ? error.message : String(error);
  }
}

/**
 * The patient's chart over REST, kept live over the `/ward` socket: joins the patient's ward and refetches when a
 * score or alert event names this patient, on every reconnect, and when the ward says to re-sync.
 */
export function usePatientChart(socket: WardSocket, token: string, patientId: string): LivePatientChart {
  const [chart, setChart] = useState<PatientChart | null>(null);
  const [connected, setConnected] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [liveProblem, setLiveProblem] = useState<string | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  const joined = useRef<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const join = (wardId: string | null) => {
      const room = wardId ?? 'unassigned';
      if (!socket.connected || joined.current === room) return;
      const previous = joined.current;
      joined.current = room;
      if (previous) void send(socket, 'ward:leave', { wardId: previous });
      void send(socket, 'ward:join', { wardId: room }).then((reply) => {
        if (reply === 'no-answer') joined.current = null;
        setLiveProblem(
          reply === 'no-answer'
            ? 'Live updates paused: no answer from Beacon.'
            : 'error' in reply
              ? `No live updates: ${reply.error}`
              : null,
        );
      });
    };
    // One fetch at a time; an event during a fetch asks for one more afterwards (never lost, never piled up).
    const refetch = (): void => {
      if (inFlight.current) {
        again.current = true;
        return;
      }
      inFlight.current = fetchChart(patientId, token).then((answer) => {
        inFlight.current = null;
        if (stopped) return;
        if (typeof answer === 'string') setProblem(answer);
        else {
          setProblem(null);
          setChart(answer);
          join(answer.patient.wardId);
        }
        if (again.current) {
          again.current = false;
          refetch();
        }
      });
    };
    const ours = (id: string | undefined) => id === patientId;
    const onConnect = () => {
      setConnected(true);
      joined.current = null;
      refetch();
    };
    const onDisconnect = () => setConnected(false);
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onDisconnect);
    socket.on('score:updated', (event) => ours(event.tile.patientId) && refetch());
    socket.on('alert:raised', (event) => ours(event.alert.patient?.id) && refetch());
    socket.on('alert:updated', (event) => ours(event.alert.patient?.id) && refetch());
    socket.on('ward:heartbeat', (beat) => beat.resync === true && refetch());
    socket.on('session:ended', ({ reason }) => {
      forgetToken();
      if (!onSessionEnded(reason)) setProblem(`Signed out: ${reason}. Open a new link to sign in again.`);
    });
    refetch();
    if (socket.connected) onConnect();
    const timer = setInterval(refetch, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onDisconnect);
      for (const event of [
        'score:updated',
        'alert:raised',
        'alert:updated',
        'ward:heartbeat',
        'session:ended',
      ] as const)
        socket.off(event);
    };
  }, [socket, token, patientId]);

  return { chart, connected, problem, liveProblem };
}
