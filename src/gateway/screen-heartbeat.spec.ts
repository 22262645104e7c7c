import { shippedConfig } from '../../test/unit/support/shipped-config';
import { staff } from '../../test/unit/support/staff';
import type { ScoringLagMonitor } from '../assessment/scoring-lag.monitor';
import { ScreenHeartbeat } from './screen-heartbeat';
import type { ScreenSessions } from './screen-sessions';
import type { ScreenData, WardServer } from './socket-types';
import type { WardSequence } from './ward-sequence';

const AT = '2026-03-01T10:00:00.000Z';

function socketOf(screen: string) {
  return {
    data: { staff: staff(), token: 't', screen } as ScreenData,
    emit: jest.fn(),
    disconnect: jest.fn(),
  };
}

function setUp(rooms: string[], sockets = [socketOf('hh-7')]) {
  const sent: [string, string, unknown][] = [];
  const namespace = {
    adapter: { rooms: new Map(rooms.map((room) => [room, new Set()])) },
    local: {
      to: (room: string) => ({
        emit: (event: string, payload: unknown) => sent.push([room, event, payload]),
      }),
    },
    sockets: new Map(sockets.map((socket, index) => [String(index), socket])),
  } as unknown as WardServer;
  const sequence = {
    current: jest.fn((wards: readonly string[]) => Promise.resolve(new Map(wards.map((ward) => [ward, 9])))),
  };
  const sessions = { check: jest.fn().mockResolvedValue(staff()) };
  const lag = { behind: jest.fn<Promise<number | null>, [string | null]>().mockResolvedValue(null) };
  const heartbeat = new ScreenHeartbeat(
    shippedConfig({}),
    sequence as unknown as WardSequence,
    sessions as unknown as ScreenSessions,
    lag as unknown as ScoringLagMonitor,
  );
  return { namespace, sent, sequence, sessions, lag, heartbeat };
}

beforeEach(() => jest.useFakeTimers({ now: new Date(AT) }));
afterEach(() => jest.useRealTimers());

describe('ScreenHeartbeat: every ward room hears its latest number', () => {
  it('sends each ward room on this process its current number, and nothing to other rooms', async () => {
    const { heartbeat, namespace, sent, sequence } = setUp([
      'ward:maternity-a',
      'session:abc',
      'ward:unassigned',
    ]);
    await heartbeat.beat(namespace);
    expect(sequence.current).toHaveBeenCalledWith(['maternity-a', 'unassigned']);
    expect(sent).toEqual([
      ['ward:maternity-a', 'ward:heartbeat', { wardId: 'maternity-a', seq: 9, at: AT }],
      ['ward:unassigned', 'ward:heartbeat', { wardId: 'unassigned', seq: 9, at: AT }],
    ]);
  });

  it('tells a ward whose scoring is behind by how much; unknown lag is not reported as none', async () => {
    const { heartbeat, namespace, sent, lag } = setUp([
      'ward:maternity-a',
      'ward:unassigned',
      'ward:general-surgical',
    ]);
    lag.behind.mockImplementation((ward) =>
      ward === 'maternity-a'
        ? Promise.resolve(42)
        : ward === null
          ? Promise.resolve(0)
          : Promise.reject(new Error('down')),
    );
    await heartbeat.beat(namespace);
    expect(lag.behind.mock.calls).toEqual([['maternity-a'], [null], ['general-surgical']]);
    expect(sent.map(([, , payload]) => payload)).toEqual([
      { wardId: 'maternity-a', seq: 9, at: AT, scoringBehindSeconds: 42 },
      { wardId: 'unassigned', seq: 9, at: AT, scoringBehindSeconds: 0 },
      { wardId: 'general-surgical', seq: 9, at: AT },
    ]);
  });

  it('stays silent without Redis (the screens then show they may be stale), checking no session', async () => {
    const { heartbeat, namespace, sent, sequence, sessions } = setUp(['ward:maternity-a']);
    sequence.current.mockRejectedValue(new Error('Connection is closed'));
    await heartbeat.beat(namespace);
    expect(sent).toEqual([]);
    expect(sessions.check).not.toHaveBeenCalled();
  });

  it('ends a screen whose session has ended: it hears why, then is disconnected half a second later', async () => {
    const ended = socketOf('hh-7');
    const live = socketOf('display-1');
    const { heartbeat, namespace, sessions } = setUp([], [ended, live]);
    sessions.check.mockImplementation((data: ScreenData) =>
      data.screen === 'hh-7'
        ? Promise.reject(new Error('auth.token: the token has expired'))
        : Promise.resolve(staff()),
    );
    await heartbeat.beat(namespace);
    expect(ended.emit).toHaveBeenCalledWith('session:ended', { reason: 'auth.token: the token has expired' });
    expect(ended.disconnect).not.toHaveBeenCalled();
    jest.advanceTimersByTime(500);
    expect(ended.disconnect).toHaveBeenCalledWith(true);
    expect(live.emit).not.toHaveBeenCalled();
    expect(live.disconnect).not.toHaveBeenCalled();
  });

  it('beats every BEACON_SCREEN_HEARTBEAT_SECONDS once started, and stops when the module is destroyed', async () => {
    const { heartbeat, namespace, sequence } = setUp(['ward:maternity-a']);
    heartbeat.start(namespace);
    await jest.advanceTimersByTimeAsync(4999);
    expect(sequence.current).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(sequence.current).toHaveBeenCalledTimes(1);
    heartbeat.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(sequence.current).toHaveBeenCalledTimes(1);
  });
});
