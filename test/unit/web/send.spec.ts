import type { AlertView, CommandReply } from '../../../src/contracts/events';
import type { WardSocket } from '../../../web/src/shared/send';
import { send } from '../../../web/src/shared/send';

const ALERT_ID = '6f1c2a52-3f0e-4a55-9a0e-4d2b7f1e9c11';

/** A stand-in for the socket.io client: records what was emitted and answers with `reply` (or throws). */
function fakeSocket(connected: boolean, reply: () => Promise<unknown>) {
  const emitted: { event: string; input: unknown; timeoutMs: number }[] = [];
  let timeoutMs = -1;
  const socket = {
    connected,
    timeout(ms: number) {
      timeoutMs = ms;
      return socket;
    },
    emitWithAck(event: string, input: unknown) {
      emitted.push({ event, input, timeoutMs });
      return reply();
    },
  };
  return { socket: socket as unknown as WardSocket, emitted };
}

/**
 * Never called: these lines are checked by `npm run typecheck` (tsc includes test/). Each `@ts-expect-error` fails
 * the typecheck if the contract stops refusing the payload below it, so a loosened `send()` cannot go unnoticed.
 */
export function payloadsTheContractRefuses(socket: WardSocket): void {
  // @ts-expect-error a misspelt field (alertID)
  void send(socket, 'alert:acknowledge', { alertID: ALERT_ID });
  // @ts-expect-error a response that is not one of the contract's
  void send(socket, 'alert:respond', { alertId: ALERT_ID, response: 'attend' });
  // @ts-expect-error "not done" needs a reason from the list
  void send(socket, 'prompt:outcome', { alertId: ALERT_ID, outcome: 'not-done' });
  // @ts-expect-error a field the command does not take
  void send(socket, 'ward:join', { wardId: 'maternity-a', bed: '3' });
  // @ts-expect-error an event the server does not handle
  void send(socket, 'alert:snooze', { alertId: ALERT_ID });
}

describe('send() on the /ward socket', () => {
  it('emits the named command with its payload and the timeout, and returns the answer typed by the contract', async () => {
    const answer: CommandReply<AlertView> = { error: 'alert does not exist', status: 404 };
    const { socket, emitted } = fakeSocket(true, () => Promise.resolve(answer));
    const reply = await send(socket, 'alert:respond', {
      alertId: ALERT_ID,
      response: 'not-required',
      reason: 'clinically-expected',
    });
    expect(reply).toEqual({ error: 'alert does not exist', status: 404 });
    expect(emitted).toEqual([
      {
        event: 'alert:respond',
        input: { alertId: ALERT_ID, response: 'not-required', reason: 'clinically-expected' },
        timeoutMs: 8000,
      },
    ]);
  });

  it('answers "no-answer" without emitting when the socket is not connected', async () => {
    const { socket, emitted } = fakeSocket(false, () => Promise.resolve({ data: {} }));
    expect(await send(socket, 'ward:join', { wardId: 'maternity-a' })).toBe('no-answer');
    expect(emitted).toEqual([]);
  });

  it('answers "no-answer" when no acknowledgement comes in time', async () => {
    const { socket } = fakeSocket(true, () => Promise.reject(new Error('operation has timed out')));
    expect(await send(socket, 'ward:leave', { wardId: 'maternity-a' }, 50)).toBe('no-answer');
  });
});
