import type { ClientToServerEvents, CommandReply } from '../../../src/contracts/events';

/** The commands a handheld queues while offline (the socket contract's staff commands). */
export type StaffCommandName = 'alert:acknowledge' | 'alert:respond' | 'concern:raise' | 'prompt:outcome';

/** A staff command waiting to be confirmed by Beacon (kept in the device's storage until it is). */
export interface Queued<N extends StaffCommandName> {
  readonly commandId: string;
  readonly name: N;
  /** The command's payload as the contract types it. */
  readonly input: Parameters<ClientToServerEvents[N]>[0];
  /** What it is, in words, for the status line ("Acknowledge Bed 4 · AB"). */
  readonly label: string;
  readonly queuedAt: number;
}

export type QueuedCommand = { [N in StaffCommandName]: Queued<N> }[StaffCommandName];

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * Commands a handheld has not had confirmed yet. They survive a dropped connection and a reload; each carries a
 * command id, so Beacon carries out a command sent twice only once.
 */
export class CommandQueue {
  constructor(
    private readonly store: KeyValueStore,
    private readonly key = 'beacon.handheld.queue',
  ) {}

  list(): QueuedCommand[] {
    try {
      const parsed = JSON.parse(this.store.getItem(this.key) ?? '[]') as unknown;
      return Array.isArray(parsed) ? (parsed as QueuedCommand[]) : [];
    } catch {
      return [];
    }
  }

  add<N extends StaffCommandName>(command: Queued<N>): void {
    this.store.setItem(this.key, JSON.stringify([...this.list(), command]));
  }

  remove(commandId: string): void {
    this.store.setItem(
      this.key,
      JSON.stringify(this.list().filter((entry) => entry.commandId !== commandId)),
    );
  }
}

export type SendResult = CommandReply<unknown> | 'no-answer';

export interface Settled {
  readonly command: QueuedCommand;
  readonly reply: CommandReply<unknown>;
}

/**
 * Sends queued commands one at a time, oldest first. A command Beacon answered (done or refused) leaves the queue;
 * one with no answer (connection lost, timeout) stays, and sending stops until the next attempt.
 */
export async function drain(
  queue: CommandQueue,
  send: (command: QueuedCommand) => Promise<SendResult>,
  settled: (result: Settled) => void,
): Promise<void> {
  for (const command of queue.list()) {
    const reply = await send(command);
    if (reply === 'no-answer') return;
    queue.remove(command.commandId);
    settled({ command, reply });
  }
}
