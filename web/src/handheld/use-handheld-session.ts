import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { AlertView, CommandReply, SessionInfo } from '../../../src/contracts/events';
import type { QueuedCommand, StaffCommandName } from '../shared/command-queue';
import { CommandQueue, drain } from '../shared/command-queue';
import { humanise } from '../shared/format';
import type { CommandInput, WardSocket } from '../shared/send';
import { send } from '../shared/send';

/** Queues a staff command (with a fresh command id and this device) and sends it when connected. */
export type SubmitCommand = <N extends StaffCommandName>(
  name: N,
  input: CommandInput<N>,
  label: string,
) => void;

export interface LastAction {
  readonly label: string;
  readonly outcome: 'confirmed' | 'refused';
  readonly detail: string;
  readonly at: number;
}

/**
 * Who is signed in (asked again on every connect) and the handheld's commands: queued in `localStorage`, sent in
 * order on connect, the last one's answer kept to show.
 */
export function useHandheldSession(socket: WardSocket, device: string) {
  const queue = useMemo(() => new CommandQueue(localStorage), []);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [queued, setQueued] = useState<readonly QueuedCommand[]>(() => queue.list());
  const [last, setLast] = useState<LastAction | null>(null);

  const flush = useCallback(async () => {
    await drain(
      queue,
      (command) => send(socket, command.name, command.input),
      ({ command, reply }) => setLast(describe(command, reply)),
    );
    setQueued(queue.list());
  }, [queue, socket]);

  useEffect(() => {
    const onConnect = () => {
      void send(socket, 'session:info', {}).then((reply) => {
        if (reply === 'no-answer' || 'error' in reply) return;
        setSession(reply.data);
      });
      void flush();
    };
    socket.on('connect', onConnect);
    if (socket.connected) onConnect();
    return () => {
      socket.off('connect', onConnect);
    };
  }, [socket, flush]);

  const submit: SubmitCommand = (name, input, label) => {
    const commandId = crypto.randomUUID();
    queue.add({ commandId, name, input: { ...input, commandId, device }, label, queuedAt: Date.now() });
    setQueued(queue.list());
    void flush();
  };

  return { session, queued, last, submit };
}

function describe(command: QueuedCommand, reply: CommandReply<unknown>): LastAction {
  if ('error' in reply)
    return { label: command.label, outcome: 'refused', detail: `not done — ${reply.error}`, at: Date.now() };
  const alert = reply.data as Partial<AlertView>;
  const detail = alert.state ? `confirmed by Beacon (${humanise(alert.state)})` : 'confirmed by Beacon';
  return { label: command.label, outcome: 'confirmed', detail, at: Date.now() };
}
