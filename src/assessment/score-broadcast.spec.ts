import type { BeaconMetrics } from '../metrics/beacon-metrics';
import type { AssessedSet, AssessmentOutcome } from './assessment.service';
import type { BoardPublisher } from './board-publisher';
import { ScoreBroadcast, scoreChangesOf } from './score-broadcast';

const set = (setId: string, takenAt: string, total: number, escalate: boolean): AssessedSet =>
  ({
    setId,
    patientId: 'patient-1',
    wardId: 'maternity-a',
    effectiveAt: new Date(takenAt),
    chart: { id: 'mews' },
    result: { total, clinicalRisk: escalate ? 'high' : 'low', escalate, complete: true },
    acceptedAt: new Date(Date.parse(takenAt) + 5_000),
  }) as unknown as AssessedSet;

const outcome = (sets: AssessedSet[]): AssessmentOutcome => ({
  patientId: 'patient-1',
  wardId: 'maternity-a',
  sets,
  retractedSetIds: [],
  latestBefore: null,
});

describe('the scores an assessment broadcasts after its commit', () => {
  it('tells the screens of every set it scored, a late arrival too (the chart shows it)', () => {
    const changes = scoreChangesOf(
      outcome([
        set('set-1', '2026-03-01T10:00:00Z', 7, true),
        set('set-0', '2026-03-01T08:00:00Z', 1, false),
      ]),
    );
    expect(changes).toEqual([
      {
        patientId: 'patient-1',
        wardId: 'maternity-a',
        setId: 'set-1',
        effectiveAt: '2026-03-01T10:00:00.000Z',
        chartId: 'mews',
        total: 7,
        clinicalRisk: 'high',
        escalate: true,
        complete: true,
        acceptedAt: '2026-03-01T10:00:05.000Z',
      },
      expect.objectContaining({ setId: 'set-0', total: 1, escalate: false }),
    ]);
  });

  it('publishes them and measures the time from accepting the set to the broadcast', async () => {
    const publisher = { publishScores: jest.fn().mockResolvedValue(undefined) };
    const metrics = { setToBroadcast: { observe: jest.fn() } };
    const broadcast = new ScoreBroadcast(
      publisher as unknown as BoardPublisher,
      metrics as unknown as BeaconMetrics,
    );
    const changes = scoreChangesOf(
      outcome([set('set-1', new Date(Date.now() - 65_000).toISOString(), 7, true)]),
    );
    await broadcast.afterCommit(changes);
    expect(publisher.publishScores).toHaveBeenCalledWith(changes);
    const [seconds] = metrics.setToBroadcast.observe.mock.calls[0] as [number];
    expect(seconds).toBeGreaterThanOrEqual(60);
    expect(seconds).toBeLessThan(70);
  });

  it('never throws when the broadcast fails (the screens re-sync on their next snapshot)', async () => {
    const publisher = { publishScores: jest.fn().mockRejectedValue(new Error('Redis is down')) };
    const metrics = { setToBroadcast: { observe: jest.fn() } };
    const broadcast = new ScoreBroadcast(
      publisher as unknown as BoardPublisher,
      metrics as unknown as BeaconMetrics,
    );
    await expect(
      broadcast.afterCommit(scoreChangesOf(outcome([set('set-1', '2026-03-01T10:00:00Z', 7, true)]))),
    ).resolves.toBeUndefined();
    expect(metrics.setToBroadcast.observe).not.toHaveBeenCalled();
  });
});
