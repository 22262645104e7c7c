import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type { ClientToServerEvents, CommandReply, ServerToClientEvents } from '../../src/contracts/events';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];
type CommandName = keyof ClientToServerEvents;
type CommandInput<C extends CommandName> = Parameters<ClientToServerEvents[C]>[0];
type CommandData<C extends CommandName> =
  Parameters<Parameters<ClientToServerEvents[C]>[1]>[0] extends CommandReply<infer T> ? T : never;

/**
 * A ward screen as the browser pages use it: a real socket.io-client on the `/ward` namespace that records every
 * event it receives, so a test can wait for one and check what did (and did not) arrive.
 */
export class Screen {
  readonly received: { event: EventName; payload: unknown }[] = [];

  private constructor(readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
    socket.onAny((event: EventName, payload: unknown) => this.received.push({ event, payload }));
  }

  /** Connects and waits for the outcome: resolves once connected, rejects with the server's reason if refused. */
  static connect(
    url: string,
    auth: Record<string, unknown>,
    options: { reconnection?: boolean; extraHeaders?: Record<string, string> } = {},
  ): Promise<Screen> {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${url}/ward`, {
      auth,
      ...(options.extraHeaders ? { extraHeaders: options.extraHeaders } : {}),
      transports: ['websocket'],
      reconnection: options.reconnection ?? true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
      forceNew: true,
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(new Screen(socket)));
      socket.once('connect_error', (error) => {
        socket.close();
        reject(error);
      });
    });
  }

  /** Sends a command and returns its acknowledgement (`{ data }` or `{ error, status }`). */
  async command<C extends CommandName>(
    name: C,
    input: CommandInput<C>,
  ): Promise<CommandReply<CommandData<C>>> {
    // socket.io's typed emitWithAck cannot infer through the generic name; the contract is checked by CommandInput.
    const emit = this.socket.timeout(5000).emitWithAck.bind(this.socket) as unknown as (
      event: string,
      input: unknown,
    ) => Promise<CommandReply<CommandData<C>>>;
    return emit(name, input);
  }

  /** Sends a command that must succeed, and returns its data. */
  async must<C extends CommandName>(name: C, input: CommandInput<C>): Promise<CommandData<C>> {
    const reply = await this.command(name, input);
    if ('error' in reply) throw new Error(`${name} failed: ${reply.status} ${reply.error}`);
    return reply.data;
  }

  events<E extends EventName>(event: E): Payload<E>[] {
    return this.received.filter((entry) => entry.event === event).map((entry) => entry.payload as Payload<E>);
  }

  /** Waits for an event matching `predicate` (including one that already arrived). */
  async waitFor<E extends EventName>(
    event: E,
    predicate: (payload: Payload<E>) => boolean = () => true,
    timeoutMs = 15000,
  ): Promise<Payload<E>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events(event).find(predicate);
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no matching ${event} within ${timeoutMs} ms; received: ${this.received.map((entry) => entry.event).join(', ')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  close(): void {
    this.socket.close();
  }
}
