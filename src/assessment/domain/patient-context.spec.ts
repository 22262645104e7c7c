import type { ContextEvent, PatientContextFacts } from './patient-context';
import { derivePatientContext } from './patient-context';

const at = new Date('2026-03-10T12:00:00Z');
const days = (n: number) => new Date(at.getTime() - n * 24 * 3600 * 1000);
const facts = (overrides: Partial<PatientContextFacts> = {}): PatientContextFacts => ({
  birthTime: null,
  events: [],
  gestations: [],
  babiesBorn: [],
  defaultGroup: 'adult',
  ...overrides,
});
const event = (codes: string[], overrides: Partial<ContextEvent> = {}): ContextEvent => ({
  kind: 'condition',
  codes,
  status: 'active',
  occurredAt: days(100),
  endedAt: null,
  ...overrides,
});
const PREGNANT = 'http://snomed.info/sct|77386006';
const DELIVERY = 'http://snomed.info/sct|236973005';

describe('derivePatientContext', () => {
  it('is a newborn for the first 28 days of life, with the days since birth', () => {
    expect(derivePatientContext(facts({ birthTime: days(27.5) }), at)).toMatchObject({
      group: 'newborn',
      daysSinceBirth: 27,
      assumed: false,
    });
    expect(derivePatientContext(facts({ birthTime: days(28) }), at).group).toBe('adult');
  });

  it('is postnatal for six weeks after her baby is born, and then no longer', () => {
    expect(derivePatientContext(facts({ babiesBorn: [days(3)] }), at)).toMatchObject({
      group: 'postnatal',
      daysSinceBirth: 3,
    });
    expect(derivePatientContext(facts({ babiesBorn: [days(42)] }), at).group).toBe('postnatal');
    expect(derivePatientContext(facts({ babiesBorn: [days(43)] }), at).group).toBe('adult');
  });

  it('is postnatal after a delivery procedure even when the baby is not linked', () => {
    expect(
      derivePatientContext(
        facts({ events: [event([DELIVERY], { kind: 'procedure', occurredAt: days(1) })] }),
        at,
      ).group,
    ).toBe('postnatal');
  });

  it('is antenatal with the gestation projected from the last dating, in completed weeks and days', () => {
    const context = derivePatientContext(facts({ gestations: [{ days: 29 * 7 + 6, at: days(3) }] }), at);
    expect(context).toMatchObject({ group: 'antenatal', gestation: { weeks: 30, days: 2 } });
  });

  it('ignores a dating older than the last delivery, and one projected beyond 44 weeks', () => {
    expect(
      derivePatientContext(facts({ gestations: [{ days: 200, at: days(50) }], babiesBorn: [days(45)] }), at)
        .group,
    ).toBe('adult');
    expect(derivePatientContext(facts({ gestations: [{ days: 250, at: days(80) }] }), at).group).toBe(
      'adult',
    );
  });

  it('is antenatal from an active pregnancy condition, but not after it is resolved or after a delivery', () => {
    expect(derivePatientContext(facts({ events: [event([PREGNANT])] }), at).group).toBe('antenatal');
    expect(
      derivePatientContext(facts({ events: [event([PREGNANT], { status: 'resolved' })] }), at).group,
    ).toBe('adult');
    expect(
      derivePatientContext(facts({ events: [event([PREGNANT])], babiesBorn: [days(60)] }), at).group,
    ).toBe('adult');
  });

  it('falls back to the ward default and says it was assumed', () => {
    expect(derivePatientContext(facts({ defaultGroup: 'antenatal' }), at)).toMatchObject({
      group: 'antenatal',
      assumed: true,
    });
  });
});
