import { expectedEvent, phaseOf } from '../../../bench/chaos/epr';
import { planFaults } from '../../../bench/chaos/faults';
import { faultMix, parseChaosOptions } from '../../../bench/chaos/options';

describe('chaos run plan', () => {
  it('50 faults are the issue’s mix: worker ×20, api ×10, Redis ×10, PostgreSQL ×5, screens ×5', () => {
    expect(faultMix(50)).toEqual({
      'worker-kill': 20,
      'api-kill': 10,
      'redis-restart': 10,
      'postgres-restart': 5,
      'screen-drop': 5,
    });
  });

  it('5 faults are one of each kind; fewer than 5 follow the proportions', () => {
    expect(faultMix(5)).toEqual({
      'worker-kill': 1,
      'api-kill': 1,
      'redis-restart': 1,
      'postgres-restart': 1,
      'screen-drop': 1,
    });
    expect(faultMix(2)).toEqual({
      'worker-kill': 1,
      'api-kill': 1,
      'redis-restart': 0,
      'postgres-restart': 0,
      'screen-drop': 0,
    });
  });

  it('spreads the faults from 5 % to 90 % of the run, the same order for the same seed', () => {
    const plan = planFaults(5, 100_000, 7);
    expect(plan.map((fault) => fault.atMs)).toEqual([5000, 26250, 47500, 68750, 90000]);
    expect(planFaults(5, 100_000, 7)).toEqual(plan);
    expect(new Set(plan.map((fault) => fault.type)).size).toBe(5);
  });

  it('a patient’s course: admission steady, then steady, escalating, worse phases of the given length', () => {
    expect([0, 1, 3, 4, 6, 7, 9, 10].map((n) => phaseOf(n, 3))).toEqual([
      { phase: 'steady', phaseIndex: 0 },
      { phase: 'steady', phaseIndex: 0 },
      { phase: 'steady', phaseIndex: 0 },
      { phase: 'escalating', phaseIndex: 1 },
      { phase: 'escalating', phaseIndex: 1 },
      { phase: 'worse', phaseIndex: 2 },
      { phase: 'worse', phaseIndex: 2 },
      { phase: 'steady', phaseIndex: 3 },
    ]);
  });

  it('only the first escalating phase raises; every worse phase worsens; nothing else may', () => {
    expect(expectedEvent('escalating', 1)).toBe('alert.raised');
    expect(expectedEvent('escalating', 4)).toBeNull();
    expect(expectedEvent('worse', 2)).toBe('alert.worsened');
    expect(expectedEvent('worse', 5)).toBe('alert.worsened');
    expect(expectedEvent('steady', 3)).toBeNull();
  });

  it('refuses options out of range, naming the option', () => {
    expect(() => parseChaosOptions(['--rate', '0'])).toThrow(/--rate/);
    expect(() => parseChaosOptions(['--faults', '2.5'])).toThrow(/--faults/);
    expect(parseChaosOptions([])).toMatchObject({ rate: 50, minutes: 10, faults: 50 });
  });
});
