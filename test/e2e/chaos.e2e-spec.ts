import { runChaos } from '../../bench/chaos/run';

/**
 * The short variant of `npm run chaos` (bench/chaos): two api and two worker processes from dist/ on a private
 * PostgreSQL and Redis, a simulated EPR sending 8 patients' sets for a minute, one fault of each kind (worker and
 * api SIGKILL, Redis restart losing every queued job, PostgreSQL restart, a screen dropped), then the
 * reconciliation. No timing assertions: recovery times are reported, not judged.
 */
describe('chaos, short: one fault of each kind while an EPR sends deteriorating patients', () => {
  it('every accepted set is stored and scored once, every required alert event happens once, receipts and timers, audit intact', async () => {
    const report = await runChaos(
      {
        rate: 4,
        minutes: 1,
        faults: 5,
        patients: 8,
        screensPerWard: 2,
        ward: 'maternity-a',
        ladderSeconds: 10,
        phaseSets: 5,
        drainSeconds: 60,
        seed: 15,
        out: '',
      },
      () => undefined,
    );
    const { sets, alerts, delivery, timers, audit } = report.reconciliation;

    expect(report.faults.injected.map((fault) => fault.type).sort()).toEqual([
      'api-kill',
      'postgres-restart',
      'redis-restart',
      'screen-drop',
      'worker-kill',
    ]);
    expect(report.faults.failedToRestore).toBe(0);
    expect(report.unexpectedExits).toEqual([]);

    // 4 sets/s for at least 60 s over 8 patients (longer if a restart delayed the last fault): 30 or more sets each
    // after the admission. Every one taken was accepted; none lost, duplicated or invented.
    expect(sets.taken).toBeGreaterThanOrEqual(248);
    expect({
      accepted: sets.accepted,
      rejected: sets.rejected,
      lost: sets.lost,
      duplicated: sets.duplicated,
      invented: sets.invented,
      readingsPending: sets.readingsPending,
      examples: sets.examples,
    }).toEqual({
      accepted: sets.taken,
      rejected: 0,
      lost: 0,
      duplicated: 0,
      invented: 0,
      readingsPending: 0,
      examples: [],
    });

    // Phases of 5 sets: 30 sets are phases 0–5 (steady, escalating, worse, steady, escalating, worse): per patient
    // at least one raise and two worsenings, each exactly once. An escalating phase wholly superseded by the worse
    // one before it was assessed raises at the worse level instead (counted apart, neither lost nor duplicated).
    expect(alerts.expected).toBeGreaterThanOrEqual(24);
    expect({
      matched: alerts.matched,
      lost: alerts.lost,
      duplicated: alerts.duplicated,
      unexpected: alerts.unexpected,
      duplicateOpen: alerts.duplicateOpen,
      patientsWithOtherThanOneAlert: alerts.patientsWithOtherThanOneAlert,
      examples: alerts.examples,
    }).toEqual({
      matched: alerts.expected - alerts.raisedAtWorseLevel,
      lost: 0,
      duplicated: 0,
      unexpected: 0,
      duplicateOpen: 0,
      patientsWithOtherThanOneAlert: 0,
      examples: [],
    });

    expect(delivery.alerts).toBe(8);
    expect(delivery.withReceipt).toBe(8);
    expect(delivery.seenOnScreen).toBe(8);
    expect(timers.fired).toBeGreaterThan(0);
    expect(timers.notFired).toBe(0);
    expect(audit).toEqual({ intact: true, checked: expect.any(Number), brokenAt: null });
    expect(audit.checked).toBeGreaterThan(sets.taken);
  }, 300_000);
});
