import type { ObservationSet } from '../scoring';
import { CHARTS } from '../../test/support/charts';
import { shippedCharts } from '../config/chart-files';
import { scoreObservationSet } from '../scoring';
import type { DemoPatient, ScenarioStep } from './ward-scenario';
import { CONCERN_TICK, NEWBORN_AMBER_TICK, demoScenario, withNhsCheckDigit } from './ward-scenario';

// The scenario's observation sets, read back out of the FHIR Bundles it sends (by code, as an EPR integrator would
// read them), and scored with the charts the demo wards use.

type Resource = Record<string, unknown> & { resourceType: string };
type Entry = { resource: Resource };

const LOINC_FIELDS: Record<string, keyof ObservationSet> = {
  '9279-1': 'respiratoryRate',
  '8867-4': 'heartRate',
  '59408-5': 'oxygenSaturation',
  '8310-5': 'temperature',
};

function resourcesOf(step: ScenarioStep): Resource[] {
  return ((step.bundle.entry ?? []) as Entry[]).map((entry) => entry.resource);
}

/** The observation sets in a step, by effective time. */
function setsOf(step: ScenarioStep): Map<string, ObservationSet> {
  const sets = new Map<string, Record<string, unknown>>();
  for (const resource of resourcesOf(step)) {
    if (resource.resourceType !== 'Observation') continue;
    const at = resource.effectiveDateTime as string;
    const set = sets.get(at) ?? {};
    sets.set(at, set);
    const coding = (resource.code as { coding: { code: string }[] }).coding[0]?.code ?? '';
    const quantity = (resource.valueQuantity as { value: number } | undefined)?.value;
    const answer = (resource.valueCodeableConcept as { coding: { code: string }[] } | undefined)?.coding[0]
      ?.code;
    const field = LOINC_FIELDS[coding];
    if (field) set[field] = quantity;
    else if (coding === '85354-9') {
      const [systolic, diastolic] = (resource.component as { valueQuantity: { value: number } }[]).map(
        (component) => component.valueQuantity.value,
      );
      set.systolicBP = systolic;
      set.diastolicBP = diastolic;
    } else if (coding === '1104441000000107') set.consciousness = answer === '248234008' ? 'A' : 'V';
    else if (coding === 'concern') set.concern = resource.valueBoolean;
    else if (coding.startsWith('newborn-') && answer) {
      const value = answer.slice(answer.indexOf('-') + 1);
      const name = {
        'newborn-colour': 'colour',
        'newborn-feeding': 'feeding',
        'newborn-tone': 'tone',
        'newborn-respiratory-distress': 'respiratoryDistress',
      }[coding];
      if (name) set[name] = value;
    }
  }
  return sets;
}

const scenario = demoScenario();
const NOW = new Date('2026-11-22T10:00:00Z');
const at = (tick: number) => new Date(NOW.getTime() + tick * 15_000);
const patient = (predicate: (candidate: DemoPatient) => boolean) => {
  const found = scenario.patients.find(predicate);
  if (!found) throw new Error('no such patient in the scenario');
  return found;
};

function scoreAt(patientId: string, tick: number) {
  const step = scenario.tick(tick, at(tick)).find((candidate) => candidate.patientId === patientId);
  if (!step) return undefined;
  const [set] = [...setsOf(step).values()];
  const chart = shippedCharts().get(patient((candidate) => candidate.id === patientId).chart);
  const outcome = scoreObservationSet(chart, set ?? {});
  if (!outcome.ok) throw new Error(`tick ${tick}: ${JSON.stringify(outcome)}`);
  return outcome.result;
}

describe('the demo ward scenario', () => {
  it('admits twelve women to Beds 1–12 of the maternity ward and six babies to Cots 1–6 of transitional care', () => {
    const women = scenario.patients.filter((candidate) => candidate.wardId === 'maternity-a');
    const babies = scenario.patients.filter((candidate) => candidate.wardId === 'transitional-care');
    expect(women.map((woman) => woman.bed)).toEqual(Array.from({ length: 12 }, (_, i) => `Bed ${i + 1}`));
    expect(babies.map((baby) => baby.bed)).toEqual(Array.from({ length: 6 }, (_, i) => `Cot ${i + 1}`));
    expect(new Set(women.map((woman) => woman.group))).toEqual(new Set(['antenatal', 'postnatal']));
    expect(babies.every((baby) => baby.chart === 'newtt2' && baby.motherId?.startsWith('demo-mat-'))).toBe(
      true,
    );
  });

  it('gives everyone valid, distinct NHS numbers from the 999 test range', () => {
    const numbers = scenario.patients.map((candidate) => candidate.nhsNumber);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const number of numbers) {
      expect(number).toMatch(/^999\d{7}$/);
      expect(withNhsCheckDigit(number.slice(0, 9))).toBe(number);
    }
  });

  it('computes the NHS number check digit (modulus 11), and knows when none exists', () => {
    expect(withNhsCheckDigit('943476591')).toBe('9434765919');
    expect(withNhsCheckDigit('401023213')).toBe('4010232137');
    // Weighted sum 1 × 10 = 10, remainder 10: check digit 11 − 10 = 1.
    expect(withNhsCheckDigit('100000000')).toBe('1000000001');
    // Weighted sum 6 × 2 = 12, remainder 1: check digit 10, so no NHS number has these nine digits.
    expect(withNhsCheckDigit('000000006')).toBeUndefined();
    expect(() => withNhsCheckDigit('12345')).toThrow(RangeError);
  });

  it('sends each admission as one transaction: Patient, Encounter at the bed, and earlier observation sets', () => {
    const admissions = scenario.admissions(NOW);
    expect(admissions).toHaveLength(18);
    for (const step of admissions) {
      const types = resourcesOf(step).map((resource) => resource.resourceType);
      expect(step.bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
      expect(types.slice(0, 2)).toEqual(['Patient', 'Encounter']);
      expect(setsOf(step).size).toBeGreaterThanOrEqual(2);
      for (const time of setsOf(step).keys()) expect(Date.parse(time)).toBeLessThan(NOW.getTime());
    }
  });

  it('keeps the stable patients off any escalation for an hour of ticks', () => {
    const stable = scenario.patients.filter((candidate) => candidate.story === 'stable');
    expect(stable.length).toBeGreaterThanOrEqual(12);
    for (let tick = 1; tick <= 240; tick += 1)
      for (const member of stable) expect(scoreAt(member.id, tick)?.escalate ?? false).toBe(false);
  });

  it('has one woman deteriorate steadily from normal to an escalation within the first ten ticks', () => {
    const woman = patient((candidate) => candidate.story === 'deteriorating');
    const totals = Array.from({ length: 14 }, (_, i) => scoreAt(woman.id, i + 1)?.total ?? -1);
    expect(scoreAt(woman.id, 1)?.escalate).toBe(false);
    const firstEscalation = Array.from({ length: 14 }, (_, i) => scoreAt(woman.id, i + 1)?.escalate).indexOf(
      true,
    );
    expect(firstEscalation + 1).toBeGreaterThanOrEqual(3);
    expect(firstEscalation + 1).toBeLessThanOrEqual(10);
    for (let i = 1; i < totals.length; i += 1)
      expect(totals[i]).toBeGreaterThanOrEqual(totals[i - 1] as number);
  });

  it('records a worry or concern for one woman, with normal vital signs', () => {
    const woman = patient((candidate) => candidate.story === 'concern');
    const result = scoreAt(woman.id, CONCERN_TICK);
    expect(result).toMatchObject({ concern: true, total: 0 });
  });

  it('leaves one woman without observations long past her interval and grace, and sends her none', () => {
    const woman = patient((candidate) => candidate.story === 'overdue');
    const admission = scenario.admissions(NOW).find((step) => step.patientId === woman.id) as ScenarioStep;
    const latest = Math.max(...[...setsOf(admission).keys()].map((time) => Date.parse(time)));
    const [set] = [...setsOf(admission).values()];
    const outcome = scoreObservationSet(CHARTS.mews, set ?? {});
    const interval = outcome.ok ? (outcome.result.response.observationIntervalMinutes ?? 0) : 0;
    expect(interval).toBeGreaterThan(0);
    expect(NOW.getTime() - latest).toBeGreaterThan((interval + 30) * 60_000);
    for (let tick = 1; tick <= 60; tick += 1)
      expect(scenario.tick(tick, at(tick)).some((step) => step.patientId === woman.id)).toBe(false);
  });

  it('has one baby on NEWTT2 become amber (review) once feeding drops', () => {
    const baby = patient((candidate) => candidate.story === 'newborn-amber');
    expect(baby.chart).toBe('newtt2');
    const ticks = Array.from({ length: 12 }, (_, i) => i + 1);
    const before = ticks.filter((tick) => tick < NEWBORN_AMBER_TICK).map((tick) => scoreAt(baby.id, tick));
    const after = ticks.filter((tick) => tick >= NEWBORN_AMBER_TICK).map((tick) => scoreAt(baby.id, tick));
    expect(before.every((result) => !result?.escalate)).toBe(true);
    expect(after.some((result) => result?.escalate)).toBe(true);
  });

  it('is deterministic: the same seed and times give the same observations', () => {
    const values = (steps: ScenarioStep[]) => steps.map((step) => [...setsOf(step).entries()]);
    expect(values(demoScenario({ seed: 7 }).tick(3, at(3)))).toEqual(
      values(demoScenario({ seed: 7 }).tick(3, at(3))),
    );
    expect(values(demoScenario({ seed: 7 }).tick(3, at(3)))).not.toEqual(
      values(demoScenario({ seed: 8 }).tick(3, at(3))),
    );
  });

  it('numbers ticks from 1', () => {
    expect(() => scenario.tick(0, NOW)).toThrow(RangeError);
  });
});
