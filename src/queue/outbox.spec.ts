import { coalesceAssessments, outboxMessage } from './outbox';
import { JobName } from './queue.constants';

const assess = (patientId: string, extra: Record<string, unknown> = {}) =>
  outboxMessage(JobName.AssessPatient, { patientId, reason: 'observation-scored', ...extra });

describe('coalesceAssessments', () => {
  it('makes one assessment per patient out of a Bundle of Observations', () => {
    const messages = [assess('a'), assess('a'), assess('b'), assess('a')];
    expect(coalesceAssessments(messages).map((message) => message.payload)).toEqual([
      { patientId: 'a', reason: 'observation-scored', pathways: true },
      { patientId: 'b', reason: 'observation-scored' },
    ]);
  });

  it('keeps a job a backlog only when every part of it is (a live set is never queued behind old ones)', () => {
    const allOld = coalesceAssessments([assess('a', { backlog: true }), assess('a', { backlog: true })]);
    const mixed = coalesceAssessments([assess('a', { backlog: true }), assess('a')]);
    expect(allOld[0]?.payload).toMatchObject({ backlog: true });
    expect(mixed[0]?.payload).not.toHaveProperty('backlog');
  });

  it('joins reasons and wards, and evaluates pathways when any part asked for it', () => {
    const [merged] = coalesceAssessments([
      assess('a', { pathways: false }),
      outboxMessage(JobName.AssessPatient, {
        patientId: 'a',
        reason: 'location-changed',
        wards: ['w1', 'w2'],
      }),
    ]);
    expect(merged?.payload).toEqual({
      patientId: 'a',
      reason: 'observation-scored,location-changed',
      pathways: true,
      wards: ['w1', 'w2'],
    });
  });

  it('leaves timers (delayed jobs) alone', () => {
    const runAt = new Date('2026-12-02T12:00:00Z');
    const timer = outboxMessage(JobName.EscalateAlert, { alertId: 'x', step: 1 }, runAt);
    expect(coalesceAssessments([timer, assess('a')])).toHaveLength(2);
  });
});
