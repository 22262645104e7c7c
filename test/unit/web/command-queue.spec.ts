import type { CommandReply } from '../../../src/contracts/events';
import type { QueuedCommand, SendResult } from '../../../web/src/shared/command-queue';
import { CommandQueue, drain } from '../../../web/src/shared/command-queue';

class MemoryStore {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

const command = (commandId: string): QueuedCommand => ({
  commandId,
  name: 'alert:acknowledge',
  input: { alertId: `alert-${commandId}`, commandId },
  label: `Acknowledge ${commandId}`,
  queuedAt: 0,
});

describe('handheld command queue', () => {
  it('keeps commands in the device store, in order, across a new queue object (a reload)', () => {
    const store = new MemoryStore();
    new CommandQueue(store).add(command('c1'));
    new CommandQueue(store).add(command('c2'));
    expect(new CommandQueue(store).list().map((entry) => entry.commandId)).toEqual(['c1', 'c2']);
  });

  it('treats an unreadable store as empty rather than failing', () => {
    const store = new MemoryStore();
    store.setItem('beacon.handheld.queue', '{not json');
    expect(new CommandQueue(store).list()).toEqual([]);
  });

  it('sends oldest first, removes what Beacon answered (done or refused) and reports each answer', async () => {
    const queue = new CommandQueue(new MemoryStore());
    queue.add(command('c1'));
    queue.add(command('c2'));
    const sent: string[] = [];
    const settled: [string, CommandReply<unknown>][] = [];
    await drain(
      queue,
      (entry) => {
        sent.push(entry.commandId);
        return Promise.resolve<SendResult>(
          entry.commandId === 'c1'
            ? { data: { state: 'acknowledged' } }
            : { error: 'already closed', status: 409 },
        );
      },
      ({ command: entry, reply }) => settled.push([entry.commandId, reply]),
    );
    expect(sent).toEqual(['c1', 'c2']);
    expect(settled).toEqual([
      ['c1', { data: { state: 'acknowledged' } }],
      ['c2', { error: 'already closed', status: 409 }],
    ]);
    expect(queue.list()).toEqual([]);
  });

  it('keeps a command that got no answer, and everything after it, for the next attempt', async () => {
    const queue = new CommandQueue(new MemoryStore());
    queue.add(command('c1'));
    queue.add(command('c2'));
    const sent: string[] = [];
    await drain(
      queue,
      (entry) => {
        sent.push(entry.commandId);
        return Promise.resolve<SendResult>('no-answer');
      },
      () => undefined,
    );
    expect(sent).toEqual(['c1']);
    expect(queue.list().map((entry) => entry.commandId)).toEqual(['c1', 'c2']);
  });
});
