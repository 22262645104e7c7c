import { DeliveryTracker } from '../../../bench/tracker';

describe('the bench delivery tracker', () => {
  it('counts on screen only accepted sets, though a later set settles a refused one', () => {
    const tracker = new DeliveryTracker();
    tracker.sent('refused', 'patient-1', 1_000, 0, 100);
    tracker.sent('accepted', 'patient-1', 2_000, 0, 200);
    tracker.responded('refused', 150, { status: 503, detail: 'overloaded' });
    tracker.responded('accepted', 250, { status: 201 });
    tracker.score('patient-1', 'accepted', 'set-1', 300);

    const outcome = tracker.outcome({ step: 0, startedAt: 0, endedAt: 1_000 });

    expect({
      offered: outcome.offered,
      accepted: outcome.accepted,
      received: outcome.received,
      missing: outcome.missing,
      acceptedPerSecond: outcome.acceptedPerSecond,
      receivedPerSecond: outcome.receivedPerSecond,
      errors: outcome.errors,
    }).toEqual({
      offered: 2,
      accepted: 1,
      received: 1,
      missing: 0,
      acceptedPerSecond: 1,
      receivedPerSecond: 1,
      errors: { 'HTTP 503': 1 },
    });
  });
});
