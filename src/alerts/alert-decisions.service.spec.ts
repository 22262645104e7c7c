import type { EntityManager } from 'typeorm';
import type { AssessedSet, AssessmentOutcome } from '../assessment/assessment.service';
import type { ObservationSetRepository } from '../assessment/observation-set.repository';
import type { ObservationSetEntity } from '../assessment/persistence/observation-set.entity';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import { UnitOfWork } from '../database/unit-of-work';
import { AlertDecisions } from './alert-decisions.service';
import { OverdueAlerts } from './overdue-alerts';
import type { AlertRepository } from './alert.repository';
import type { AlertsService } from './alerts.service';
import type { AlertEntity } from './persistence/alert.entity';

const config = shippedConfig({ BEACON_ALERT_MAX_SET_AGE_HOURS: '24' });
const manager = {} as EntityManager;
const MINUTE = 60_000;

/**
 * A scored set on a chart Beacon does not know (so the decision rests on the stored result alone and no concern
 * decision is made), taken `minutesAgo`.
 */
function scoredSet(id: string, minutesAgo: number, escalate: boolean): ObservationSetEntity {
  return {
    id,
    patientId: 'patient-1',
    wardId: 'maternity-a',
    effectiveAt: new Date(Date.now() - minutesAgo * MINUTE),
    scoredAt: new Date(),
    chartId: 'test-chart',
    chartVersion: '1',
    chartVerification: 'unverified',
    patientGroup: 'antenatal',
    groupAssumed: false,
    clinicalRisk: escalate ? 'high' : 'low',
    escalate,
    result: {
      total: escalate ? 7 : 1,
      clinicalRisk: escalate ? 'high' : 'low',
      escalate,
      concern: false,
      complete: true,
      missing: [],
      response: {
        level: escalate ? 'emergency-review' : 'routine',
        who: escalate ? 'Registrar attends now' : 'Continue observations',
        reviewWithinMinutes: escalate ? 15 : null,
        observationIntervalMinutes: escalate ? 15 : 240,
      },
    },
  } as unknown as ObservationSetEntity;
}

const assessed = (set: ObservationSetEntity): AssessedSet =>
  ({
    setId: set.id,
    patientId: set.patientId,
    wardId: set.wardId,
    effectiveAt: set.effectiveAt,
    chart: { id: 'test-chart' },
    result: set.result,
    acceptedAt: new Date(set.effectiveAt.getTime() + 5_000),
    row: set,
  }) as unknown as AssessedSet;

const outcome = (
  sets: ObservationSetEntity[],
  overrides: Partial<AssessmentOutcome> = {},
): AssessmentOutcome => ({
  patientId: 'patient-1',
  wardId: 'maternity-a',
  sets: sets.map(assessed),
  retractedSetIds: [],
  latestBefore: null,
  ...overrides,
});

const openAlert = (overrides: Partial<AlertEntity>) =>
  ({
    id: 'alert-1',
    patientId: 'patient-1',
    wardId: 'maternity-a',
    kind: 'deterioration',
    state: 'raised',
    level: 'emergency-review',
    severity: 0,
    escalationStep: 0,
    improved: false,
    acknowledgedBy: null,
    detail: {},
    ...overrides,
  }) as AlertEntity;

function setUp(latest: ObservationSetEntity | null, open: AlertEntity[] = []) {
  const unit = new UnitOfWork();
  const repository = {
    openOfPatient: jest.fn().mockResolvedValue(open),
    update: jest.fn().mockResolvedValue(undefined),
    openOfKind: jest.fn().mockResolvedValue(null),
  };
  const sets = {
    latestSet: jest.fn().mockResolvedValue(latest),
    set: jest.fn().mockResolvedValue(null),
  };
  const alerts = {
    raise: jest.fn().mockResolvedValue(openAlert({ id: 'raised-1' })),
    applyCommand: jest.fn().mockResolvedValue(undefined),
    amend: jest.fn().mockResolvedValue(undefined),
  };
  const decisions = new AlertDecisions(
    config,
    repository as unknown as AlertRepository,
    sets as unknown as ObservationSetRepository,
    alerts as unknown as AlertsService,
    new OverdueAlerts(config, repository as unknown as AlertRepository, alerts as unknown as AlertsService),
  );
  return { unit, repository, sets, alerts, decisions };
}

describe('AlertDecisions: what newly scored sets mean for a patient’s alerts', () => {
  it('raises a deterioration alert from an escalating set, with no timer of its own for the next observations', async () => {
    const set = scoredSet('set-1', 10, true);
    const { decisions, alerts, unit } = setUp(set);
    await decisions.applyAssessment(manager, outcome([set]), unit);
    expect(alerts.raise).toHaveBeenCalledWith(
      manager,
      {
        kind: 'deterioration',
        patientId: 'patient-1',
        wardId: 'maternity-a',
        level: 'emergency-review',
        severity: 0,
        clinicalRisk: 'high',
        set,
        reviewWithinMinutes: 15,
      },
      unit,
    );
    // The timer sweep finds her when her next observations are due (test/e2e/overdue-sweep.e2e-spec.ts).
    expect(unit.messages).toEqual([]);
  });

  it('decides from the newest set the assessment read, without reading it again', async () => {
    const set = scoredSet('set-1', 10, true);
    const { decisions, alerts, sets, unit } = setUp(null);
    await decisions.applyAssessment(manager, outcome([set], { latestSet: set }), unit);
    expect(sets.latestSet).not.toHaveBeenCalled();
    expect(alerts.raise).toHaveBeenCalledWith(
      manager,
      expect.objectContaining({ kind: 'deterioration', set, clinicalRisk: 'high' }),
      unit,
    );
  });

  it('raises no deterioration alert from observations older than BEACON_ALERT_MAX_SET_AGE_HOURS, and audits why', async () => {
    const set = scoredSet('set-1', 25 * 60, true);
    const { decisions, alerts, unit } = setUp(set);
    await decisions.applyAssessment(manager, outcome([set]), unit);
    // Her newest observations are a day old: only that they are overdue is raised.
    expect(alerts.raise.mock.calls.map(([, alert]) => (alert as { kind: string }).kind)).toEqual(['overdue']);
    expect(unit.audit).toEqual([
      expect.objectContaining({
        type: 'alert.not-raised',
        details: { setId: 'set-1', because: 'the observations were taken more than 24 h ago' },
      }),
    ]);
  });

  it('marks an unacknowledged alert improved when a newer set no longer escalates', async () => {
    const set = scoredSet('set-2', 5, false);
    const open = openAlert({ setId: 'set-1' });
    const { decisions, alerts, unit } = setUp(set, [open]);
    await decisions.applyAssessment(manager, outcome([set]), unit);
    expect(alerts.raise).not.toHaveBeenCalled();
    expect(alerts.applyCommand).toHaveBeenCalledWith(
      manager,
      open,
      { type: 'mark-improved' },
      unit,
      expect.objectContaining({ setId: 'set-2', clinicalRisk: 'low' }),
    );
  });

  it('retracts an alert whose set was entered in error when what is left does not escalate', async () => {
    const remaining = scoredSet('set-0', 60, false);
    const open = openAlert({ setId: 'set-1' });
    const { decisions, alerts, unit } = setUp(remaining, [open]);
    await decisions.applyAssessment(manager, outcome([], { retractedSetIds: ['set-1'] }), unit);
    expect(alerts.applyCommand).toHaveBeenCalledWith(
      manager,
      open,
      { type: 'retract', reason: 'the observations that raised it were entered in error' },
      unit,
    );
  });

  it('moves an alert whose set was entered in error onto the latest set when that still escalates', async () => {
    const remaining = scoredSet('set-0', 60, true);
    const open = openAlert({ setId: 'set-1' });
    const { decisions, alerts, unit } = setUp(remaining, [open]);
    await decisions.applyAssessment(manager, outcome([], { retractedSetIds: ['set-1'] }), unit);
    expect(alerts.applyCommand).not.toHaveBeenCalled();
    expect(alerts.amend).toHaveBeenCalledWith(
      manager,
      open,
      { setId: 'set-0' },
      {
        type: 'alert.updated',
        details: { setId: 'set-0', because: 'the set that raised it was entered in error' },
      },
      unit,
    );
  });

  it('lets a newer set answer an overdue alert', async () => {
    const set = scoredSet('set-2', 5, false);
    const overdue = openAlert({
      id: 'overdue-1',
      kind: 'overdue',
      level: 'overdue',
      severity: 40,
      detail: { lastSetAt: new Date(Date.now() - 300 * MINUTE).toISOString() },
    });
    const { decisions, alerts, unit } = setUp(set, [overdue]);
    await decisions.applyAssessment(manager, outcome([set]), unit);
    expect(alerts.applyCommand).toHaveBeenCalledWith(
      manager,
      overdue,
      { type: 'supersede', reason: 'observations recorded' },
      unit,
    );
  });

  it('decides nothing when the assessed sets are older than the patient’s latest (a late reading)', async () => {
    const latest = scoredSet('set-9', 1, false);
    const late = scoredSet('set-1', 120, true);
    const { decisions, alerts, unit } = setUp(latest);
    await decisions.applyAssessment(manager, outcome([late]), unit);
    expect(alerts.raise).not.toHaveBeenCalled();
    expect(alerts.applyCommand).not.toHaveBeenCalled();
    expect(unit.messages).toEqual([]);
  });
});

describe('AlertDecisions: the alerts each deciding set sees', () => {
  it('decides a single set on the alerts read at the start, without reading them again', async () => {
    const set = scoredSet('set-1', 10, true);
    const { decisions, alerts, repository, unit } = setUp(set, [
      openAlert({ kind: 'overdue', id: 'overdue-1' }),
    ]);
    await decisions.applyAssessment(manager, outcome([set]), unit);
    expect(repository.openOfPatient).toHaveBeenCalledTimes(1);
    expect(alerts.raise).toHaveBeenCalledWith(
      manager,
      expect.objectContaining({ kind: 'deterioration' }),
      unit,
    );
  });

  it('reads the deciding kinds again for each later set (the set before it may have raised or changed one)', async () => {
    const first = scoredSet('set-1', 20, true);
    const second = scoredSet('set-2', 10, true);
    const { decisions, repository, alerts, unit } = setUp(second);
    repository.openOfPatient
      .mockResolvedValueOnce([])
      .mockResolvedValueOnce([openAlert({ id: 'raised-1', level: 'emergency-review' })]);
    await decisions.applyAssessment(manager, outcome([first, second]), unit);
    expect(repository.openOfPatient.mock.calls).toEqual([
      [manager, 'patient-1'],
      [manager, 'patient-1', ['deterioration', 'concern']],
    ]);
    // The first set raised; the second decided on the alert it raised (no second raise).
    expect(alerts.raise).toHaveBeenCalledTimes(1);
  });

  it('reads them again before the first set when the assessment retracted a set (its alert may have changed)', async () => {
    const set = scoredSet('set-1', 10, true);
    const { decisions, repository, unit } = setUp(set);
    await decisions.applyAssessment(manager, outcome([set], { retractedSetIds: ['set-0'] }), unit);
    expect(repository.openOfPatient.mock.calls).toEqual([
      [manager, 'patient-1'],
      [manager, 'patient-1', ['deterioration', 'concern']],
    ]);
  });
});

describe('AlertDecisions: observations already overdue when they arrive', () => {
  it('raises her overdue alert in the assessment when her newest set arrived after the next one was due', async () => {
    // Every 240 minutes plus the ward's 30 minutes' grace: due 30 minutes ago.
    const set = scoredSet('set-1', 300, false);
    const { decisions, alerts, repository, unit } = setUp(set);
    await decisions.applyAssessment(manager, outcome([set]), unit);
    expect(repository.openOfKind).toHaveBeenCalledWith(manager, 'patient-1', 'overdue');
    expect(alerts.raise).toHaveBeenCalledWith(
      manager,
      expect.objectContaining({
        kind: 'overdue',
        patientId: 'patient-1',
        wardId: 'maternity-a',
        set,
        detail: expect.objectContaining({
          dueAt: new Date(set.effectiveAt.getTime() + 270 * MINUTE).toISOString(),
        }) as unknown,
      }),
      unit,
    );
  });

  it('raises none when her next set is not yet due, and reads nothing to find that out', async () => {
    const set = scoredSet('set-1', 200, false);
    const { decisions, alerts, repository, unit } = setUp(set);
    await decisions.applyAssessment(manager, outcome([set]), unit);
    expect(alerts.raise).not.toHaveBeenCalled();
    expect(repository.openOfKind).not.toHaveBeenCalled();
  });

  it('raises none when one is already open', async () => {
    const set = scoredSet('set-1', 300, false);
    const { decisions, alerts, repository, unit } = setUp(set);
    repository.openOfKind.mockResolvedValue(openAlert({ kind: 'overdue', id: 'overdue-1', setId: 'set-1' }));
    await decisions.applyAssessment(manager, outcome([set]), unit);
    expect(alerts.raise).not.toHaveBeenCalled();
  });
});
