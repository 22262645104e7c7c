import type { AlertView, BedTile, BoardSnapshot } from '../../../src/contracts/events';
import type { ScreenState } from '../../../web/src/shared/board-state';
import {
  RECEIPT_ATTEMPTS,
  initialState,
  isStale,
  receiptRetryAfterMs,
  scoringBehind,
  step,
} from '../../../web/src/shared/board-state';

const T0 = Date.parse('2026-11-22T10:00:00Z');

function alert(id: string, overrides: Partial<AlertView> = {}): AlertView {
  return {
    id,
    kind: 'deterioration',
    state: 'raised',
    wardId: 'ward-a',
    patient: { id: `patient-${id}`, initials: 'AB', bed: 'Bed 1' },
    title: 'MEWS 3: medium risk',
    level: 'urgent-review',
    severity: 1,
    clinicalRisk: 'medium',
    chart: { id: 'mews', version: '0.1', verification: 'unverified' },
    response: null,
    total: 3,
    improved: false,
    escalation: { step: 0, withRole: 'Midwife in charge', nextAt: null },
    raisedAt: '2026-11-22T09:50:00.000Z',
    acknowledged: null,
    responded: null,
    closed: null,
    setId: null,
    prompt: null,
    updatedAt: '2026-11-22T09:50:00.000Z',
    ...overrides,
  };
}

function tile(patientId: string, bed: string, total = 0): BedTile {
  return {
    patientId,
    wardId: 'ward-a',
    bed,
    initials: 'CD',
    group: 'antenatal',
    chartId: 'mews',
    latest: {
      setId: `set-${patientId}`,
      effectiveAt: '2026-11-22T09:30:00.000Z',
      total,
      clinicalRisk: 'low',
      escalate: false,
      complete: true,
      missing: [],
      concern: false,
    },
    previousTotal: null,
    trend: null,
    nextDueAt: null,
    overdue: false,
    unscoredSince: null,
  };
}

function snapshot(seq: number, overrides: Partial<BoardSnapshot> = {}): BoardSnapshot {
  return {
    wardId: 'ward-a',
    seq,
    wardName: 'Ward A',
    at: '2026-11-22T10:00:05.000Z',
    clinicalMode: 'demo',
    charts: [],
    beds: [tile('p2', 'Bed 10'), tile('p1', 'Bed 2')],
    alerts: [],
    heartbeatSeconds: 5,
    ...overrides,
  };
}

const joined = (seq = 10, overrides: Partial<BoardSnapshot> = {}): ScreenState =>
  step(initialState(), { kind: 'snapshot', snapshot: snapshot(seq, overrides) }, T0).state;

describe('ward screen state', () => {
  it('takes a snapshot: beds in natural bed order, the server clock offset, and every alert to confirm', () => {
    const outcome = step(
      initialState(),
      {
        kind: 'snapshot',
        snapshot: snapshot(7, {
          alerts: [alert('a1', { escalation: { step: 1, withRole: 'Registrar', nextAt: null } })],
        }),
      },
      T0,
    );
    expect(outcome.state.board?.beds.map((bed) => bed.bed)).toEqual(['Bed 2', 'Bed 10']);
    expect(outcome.state.board?.seq).toBe(7);
    expect(outcome.state.board?.clockOffsetMs).toBe(5000);
    expect(outcome.shown).toEqual([{ alertId: 'a1', step: 1 }]);
    // A first snapshot is not a change: nothing to sound.
    expect(outcome.cue).toEqual([]);
    expect(outcome.resync).toBe(false);
  });

  it('applies the next event in sequence, cues a newly raised alert and asks for its receipt', () => {
    const outcome = step(
      joined(10),
      { kind: 'alert', event: { wardId: 'ward-a', seq: 11, alert: alert('a2') } },
      T0 + 1000,
    );
    expect(outcome.resync).toBe(false);
    expect(outcome.state.board?.seq).toBe(11);
    expect(outcome.state.board?.alerts.map((entry) => entry.id)).toEqual(['a2']);
    expect(outcome.cue.map((entry) => entry.id)).toEqual(['a2']);
    expect(outcome.shown).toEqual([{ alertId: 'a2', step: 0 }]);
  });

  it('shows an event after a gap at once and asks for a fresh snapshot', () => {
    const outcome = step(
      joined(10),
      { kind: 'alert', event: { wardId: 'ward-a', seq: 13, alert: alert('a3') } },
      T0,
    );
    expect(outcome.resync).toBe(true);
    expect(outcome.state.board?.alerts.map((entry) => entry.id)).toEqual(['a3']);
  });

  it('ignores an event it has already seen', () => {
    const outcome = step(
      joined(10),
      { kind: 'alert', event: { wardId: 'ward-a', seq: 9, alert: alert('old') } },
      T0,
    );
    expect(outcome.resync).toBe(false);
    expect(outcome.state.board?.alerts).toEqual([]);
    expect(outcome.state.board?.seq).toBe(10);
  });

  it('keeps the newer of two views of one alert, and removes a closed one', () => {
    const newer = alert('a1', { state: 'acknowledged', updatedAt: '2026-11-22T09:55:00.000Z' });
    let state = joined(10, { alerts: [newer] });
    const stale = alert('a1', { state: 'raised', updatedAt: '2026-11-22T09:52:00.000Z' });
    state = step(state, { kind: 'alert', event: { wardId: 'ward-a', seq: 11, alert: stale } }, T0).state;
    expect(state.board?.alerts[0]?.state).toBe('acknowledged');
    const closed = alert('a1', {
      state: 'resolved',
      closed: { at: '2026-11-22T10:00:00.000Z', reason: 'reviewed' },
      updatedAt: '2026-11-22T10:00:00.000Z',
    });
    state = step(state, { kind: 'alert', event: { wardId: 'ward-a', seq: 12, alert: closed } }, T0).state;
    expect(state.board?.alerts).toEqual([]);
  });

  it('cues an alert that climbs the escalation ladder, not one that is acknowledged', () => {
    const state = joined(10, { alerts: [alert('a1')] });
    const escalated = alert('a1', {
      escalation: { step: 1, withRole: 'Registrar', nextAt: null },
      updatedAt: '2026-11-22T10:00:00.000Z',
    });
    expect(
      step(state, { kind: 'alert', event: { wardId: 'ward-a', seq: 11, alert: escalated } }, T0).cue,
    ).toHaveLength(1);
    const acknowledged = alert('a1', { state: 'acknowledged', updatedAt: '2026-11-22T10:00:00.000Z' });
    expect(
      step(state, { kind: 'alert', event: { wardId: 'ward-a', seq: 11, alert: acknowledged } }, T0).cue,
    ).toEqual([]);
  });

  it('orders alerts by urgency: lower severity first, then the longest waiting', () => {
    const state = joined(10, {
      alerts: [
        alert('later', { severity: 1, raisedAt: '2026-11-22T09:59:00.000Z' }),
        alert('worst', { severity: 0, raisedAt: '2026-11-22T09:59:30.000Z' }),
        alert('earlier', { severity: 1, raisedAt: '2026-11-22T09:40:00.000Z' }),
      ],
    });
    expect(state.board?.alerts.map((entry) => entry.id)).toEqual(['worst', 'earlier', 'later']);
  });

  it('at the same level puts an alert nobody has taken on before one being dealt with, however long that has waited', () => {
    const taken = { by: 'Midwife A', at: '2026-11-22T09:45:00.000Z', device: null };
    const state = joined(10, {
      alerts: [
        alert('attending-longest', {
          state: 'attending',
          acknowledged: taken,
          raisedAt: '2026-11-22T09:30:00.000Z',
        }),
        alert('acknowledged', {
          state: 'acknowledged',
          acknowledged: taken,
          raisedAt: '2026-11-22T09:35:00.000Z',
        }),
        alert('nobody-yet', { state: 'raised', raisedAt: '2026-11-22T09:58:00.000Z' }),
        alert('sicker-attending', { severity: 0, state: 'attending', acknowledged: taken }),
      ],
    });
    expect(state.board?.alerts.map((entry) => entry.id)).toEqual([
      'sicker-attending',
      'nobody-yet',
      'attending-longest',
      'acknowledged',
    ]);
  });

  it('replaces a bed tile on a score event, and drops one whose patient left the ward', () => {
    let state = step(
      joined(10),
      { kind: 'score', event: { wardId: 'ward-a', seq: 11, tile: tile('p1', 'Bed 2', 4) } },
      T0,
    ).state;
    expect(state.board?.beds.find((bed) => bed.patientId === 'p1')?.latest?.total).toBe(4);
    state = step(
      state,
      {
        kind: 'score',
        event: { wardId: 'ward-a', seq: 12, tile: { ...tile('p1', 'Bed 2'), wardId: 'ward-b' } },
      },
      T0,
    ).state;
    expect(state.board?.beds.map((bed) => bed.patientId)).toEqual(['p2']);
  });

  it('holds events that arrive before the first snapshot and replays those newer than it', () => {
    let state = initialState();
    state = step(
      state,
      { kind: 'alert', event: { wardId: 'ward-a', seq: 5, alert: alert('included') } },
      T0,
    ).state;
    state = step(
      state,
      { kind: 'alert', event: { wardId: 'ward-a', seq: 6, alert: alert('after') } },
      T0,
    ).state;
    const outcome = step(state, { kind: 'snapshot', snapshot: snapshot(5) }, T0);
    expect(outcome.state.board?.alerts.map((entry) => entry.id)).toEqual(['after']);
    expect(outcome.state.board?.seq).toBe(6);
    expect(outcome.resync).toBe(false);
  });

  it('on a heartbeat ahead of it, looks again shortly and re-syncs only if the event never came', () => {
    const state = joined(10);
    const beat = step(
      state,
      { kind: 'heartbeat', beat: { wardId: 'ward-a', seq: 11, at: '2026-11-22T10:00:10.000Z' } },
      T0 + 4000,
    );
    expect(beat.resync).toBe(false);
    expect(beat.recheck).toBe(11);
    expect(step(beat.state, { kind: 'recheck', seq: 11 }, T0 + 6000).resync).toBe(true);
    const arrived = step(
      beat.state,
      { kind: 'alert', event: { wardId: 'ward-a', seq: 11, alert: alert('a1') } },
      T0 + 5000,
    );
    expect(step(arrived.state, { kind: 'recheck', seq: 11 }, T0 + 6000).resync).toBe(false);
  });

  it('keeps how far behind scoring is from the last heartbeat, and forgets it when a heartbeat no longer says so', () => {
    const behind = step(
      joined(10),
      {
        kind: 'heartbeat',
        beat: { wardId: 'ward-a', seq: 10, at: '2026-11-22T10:00:10.000Z', scoringBehindSeconds: 42 },
      },
      T0,
    ).state;
    expect(behind.board?.scoringBehindSeconds).toBe(42);
    expect(scoringBehind([behind.board, joined(10).board])).toBe(42);
    const resynced = step(behind, { kind: 'snapshot', snapshot: snapshot(10) }, T0 + 1000).state;
    expect(resynced.board?.scoringBehindSeconds).toBe(42);
    const caughtUp = step(
      resynced,
      { kind: 'heartbeat', beat: { wardId: 'ward-a', seq: 10, at: '2026-11-22T10:00:15.000Z' } },
      T0 + 5000,
    ).state;
    expect(caughtUp.board?.scoringBehindSeconds).toBeNull();
    expect(scoringBehind([caughtUp.board, null])).toBeNull();
  });

  it('re-syncs at once when a heartbeat says the ward changed (a patient moved in or out)', () => {
    const plain = step(
      joined(10),
      { kind: 'heartbeat', beat: { wardId: 'ward-a', seq: 10, at: '2026-11-22T10:00:10.000Z' } },
      T0,
    );
    expect(plain.resync).toBe(false);
    const moved = step(
      joined(10),
      {
        kind: 'heartbeat',
        beat: { wardId: 'ward-a', seq: 10, at: '2026-11-22T10:00:10.000Z', resync: true },
      },
      T0,
    );
    expect(moved.resync).toBe(true);
  });

  it('re-syncs when the server’s counter is behind the screen’s (the counter was reset)', () => {
    const outcome = step(
      joined(10),
      { kind: 'heartbeat', beat: { wardId: 'ward-a', seq: 2, at: '2026-11-22T10:00:10.000Z' } },
      T0,
    );
    expect(outcome.resync).toBe(true);
  });

  it('is stale when disconnected, before any snapshot, or after three silent heartbeat intervals', () => {
    const board = joined(10).board;
    expect(isStale(null, true, T0)).toBe(true);
    expect(isStale(board, false, T0)).toBe(true);
    expect(isStale(board, true, T0 + 14_000)).toBe(false);
    expect(isStale(board, true, T0 + 16_000)).toBe(true);
  });
});

describe('receiptRetryAfterMs', () => {
  it('sends a receipt again after no answer or a temporary refusal, waiting longer each time', () => {
    expect(receiptRetryAfterMs('no-answer', 1)).toBe(1000);
    expect(receiptRetryAfterMs({ status: 503, error: 'overloaded' }, 2)).toBe(2000);
    expect(receiptRetryAfterMs({ status: 429, error: 'too many' }, 3)).toBe(4000);
    expect(receiptRetryAfterMs({ status: 500, error: 'failed' }, 1)).toBe(1000);
  });

  it('does not retry what retrying cannot change, nor after the last attempt', () => {
    expect(receiptRetryAfterMs({ data: { recorded: true } }, 1)).toBeNull();
    expect(receiptRetryAfterMs({ status: 403, error: 'not your ward' }, 1)).toBeNull();
    expect(receiptRetryAfterMs('no-answer', RECEIPT_ATTEMPTS)).toBeNull();
  });
});
