import type { Socket } from 'socket.io-client';
import type {
  Ack,
  ClientToServerEvents,
  CommandReply,
  ServerToClientEvents,
} from '../../../src/contracts/events';

// The typed side of the /ward socket, apart from connection.ts so that it needs no browser globals (a unit test
// checks the typing: test/unit/web/send.spec.ts).

export type WardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The payload a socket command takes, from the contract (src/contracts/events.ts). */
export type CommandInput<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];

/** What Beacon answers a socket command with, from the contract. */
export type CommandAnswer<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]>[1] extends Ack<infer T> ? T : never;

/**
 * Sends a command and waits for Beacon's answer; 'no-answer' if none comes in time (the connection dropped). Typed by
 * the contract: a misspelt field or a wrong value is a compile error, not a 400 at run time.
 */
export async function send<E extends keyof ClientToServerEvents>(
  socket: WardSocket,
  name: E,
  input: CommandInput<E>,
  timeoutMs = 8000,
): Promise<CommandReply<CommandAnswer<E>> | 'no-answer'> {
  if (!socket.connected) return 'no-answer';
  // socket.io's own typing of emitWithAck cannot follow a generic event name; the signature above is the contract.
  const emit = socket.timeout(timeoutMs).emitWithAck.bind(socket) as unknown as (
    event: E,
    input: CommandInput<E>,
  ) => Promise<CommandReply<CommandAnswer<E>>>;
  try {
    return await emit(name, input);
  } catch {
    return 'no-answer';
  }
}

/** Listens to one socket event (typed by the contract) and returns what stops listening. */
export function listen<E extends Parameters<WardSocket['on']>[0]>(
  socket: WardSocket,
  event: E,
  listener: Parameters<typeof socket.on<E>>[1],
): () => void {
  // socket.io's typing of on/off cannot follow a generic event name either; the signature above is the contract.
  const emitter = socket as unknown as {
    on(event: E, listener: unknown): void;
    off(event: E, listener: unknown): void;
  };
  emitter.on(event, listener);
  return () => emitter.off(event, listener);
}
