import type { AlertChange } from '../alerts/alert-publisher';
import type { ScoreChange } from '../assessment/board-publisher';
import type { AlertView } from '../contracts/alert.view';
import type { WardBoardService } from '../reports/ward-board.service';
import type { SocketCluster } from './socket-cluster';
import { WardBroadcaster } from './ward-broadcaster';
import type { WardSequence } from './ward-sequence';

const alertOn = (wardId: string | null, id = 'alert-1') => ({ id, wardId }) as AlertView;
const scoreOf = (patientId: string) => ({ patientId }) as ScoreChange;

function setUp() {
  const sent: [string, string, unknown][] = [];
  const wardSender = {
    to: jest.fn((room: string) => ({
      emit: (event: string, payload: unknown) => sent.push([room, event, payload]),
    })),
  };
  let seq = 0;
  const sequence = {
    next: jest.fn<Promise<number>, [string]>(() => Promise.resolve((seq += 1))),
    current: jest.fn((wards: readonly string[]) => Promise.resolve(new Map(wards.map((ward) => [ward, 7])))),
  };
  const board = {
    tile: jest.fn((patientId: string) =>
      Promise.resolve(patientId === 'nowhere' ? { wardId: null } : { patientId, wardId: 'maternity-a' }),
    ),
  };
  const broadcaster = new WardBroadcaster(
    { wardSender } as unknown as SocketCluster,
    sequence as unknown as WardSequence,
    board as unknown as WardBoardService,
  );
  return { sent, sequence, board, broadcaster };
}

let destroy: (() => void) | undefined;
afterEach(() => {
  destroy?.();
  jest.useRealTimers();
});

describe('WardBroadcaster: committed changes to the ward’s screens, numbered', () => {
  it('sends a raised alert as alert:raised and a change as alert:updated, each with the ward’s next number', async () => {
    const { broadcaster, sent, sequence } = setUp();
    destroy = () => broadcaster.onModuleDestroy();
    const changes: AlertChange[] = [
      { type: 'raised', alert: alertOn('maternity-a') },
      { type: 'updated', alert: alertOn(null, 'alert-2') },
    ];
    await broadcaster.publishAlerts(changes);
    expect(sequence.next.mock.calls).toEqual([['maternity-a'], ['unassigned']]);
    expect(sent).toEqual([
      ['ward:maternity-a', 'alert:raised', { wardId: 'maternity-a', seq: 1, alert: alertOn('maternity-a') }],
      ['ward:unassigned', 'alert:updated', { wardId: 'unassigned', seq: 2, alert: alertOn(null, 'alert-2') }],
    ]);
  });

  it('sends one score update per patient with her fresh tile, and none for a patient on no ward', async () => {
    const { broadcaster, sent, board } = setUp();
    destroy = () => broadcaster.onModuleDestroy();
    await broadcaster.publishScores([scoreOf('patient-1'), scoreOf('patient-1'), scoreOf('nowhere')]);
    expect(board.tile.mock.calls).toEqual([['patient-1'], ['nowhere']]);
    expect(sent).toEqual([
      [
        'ward:maternity-a',
        'score:updated',
        { wardId: 'maternity-a', seq: 1, tile: { patientId: 'patient-1', wardId: 'maternity-a' } },
      ],
    ]);
  });

  it('asks each ward a patient left or joined to re-sync once, with its current number, using none up', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    const { broadcaster, sent, sequence } = setUp();
    destroy = () => broadcaster.onModuleDestroy();
    await broadcaster.publishWardsChanged(['maternity-a', null, 'maternity-a']);
    expect(sequence.next).not.toHaveBeenCalled();
    const heartbeat = (wardId: string) => ({ wardId, seq: 7, at: '2026-03-01T10:00:00.000Z', resync: true });
    expect(sent).toEqual([
      ['ward:maternity-a', 'ward:heartbeat', heartbeat('maternity-a')],
      ['ward:unassigned', 'ward:heartbeat', heartbeat('unassigned')],
    ]);
  });

  it('does not fail a commit when Redis is down: the ward’s number is moved on once Redis is back', async () => {
    jest.useFakeTimers();
    const { broadcaster, sent, sequence } = setUp();
    destroy = () => broadcaster.onModuleDestroy();
    sequence.next.mockRejectedValueOnce(new Error('Connection is closed'));
    await expect(
      broadcaster.publishAlerts([{ type: 'raised', alert: alertOn('maternity-a') }]),
    ).resolves.toBeUndefined();
    expect(sent).toEqual([]);
    sequence.next.mockRejectedValueOnce(new Error('Connection is closed'));
    await jest.advanceTimersByTimeAsync(1000);
    expect(sequence.next).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(1000);
    expect(sequence.next.mock.calls).toEqual([['maternity-a'], ['maternity-a'], ['maternity-a']]);
    // Bumped once: the retry stops, and a later outage on another ward bumps only that ward.
    await jest.advanceTimersByTimeAsync(5000);
    expect(sequence.next).toHaveBeenCalledTimes(3);
    sequence.next.mockRejectedValueOnce(new Error('Connection is closed'));
    await broadcaster.publishAlerts([{ type: 'raised', alert: alertOn('transitional-care') }]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(sequence.next.mock.calls.slice(3)).toEqual([['transitional-care'], ['transitional-care']]);
  });
});
