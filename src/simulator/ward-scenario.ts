import type { ChartDefinition, ChartId } from '../scoring';
import { shippedCharts } from '../config/chart-files';
import { scoreObservationSet } from '../scoring';
import type { FhirResource, Vitals } from './fhir-bundles';
import type { DemoStory } from './demo-cast';
import { AMBER_BABY, BABIES, SEPTIC, WOMEN } from './demo-cast';
import {
  deliveryProcedure,
  gestationObservation,
  inpatientEncounter,
  observationBundle,
  patientResource,
  pregnancyCondition,
  transactionBundle,
  vitalsObservations,
} from './fhir-bundles';

/*
 * The ward the simulated EPR of `npm run demo` plays: Maternity Ward A (twelve women, antenatal and postnatal) and
 * Transitional Care (six babies). Pure: the time is passed in, the "randomness" is a hash of a seed, so the same
 * seed and the same times give the same observations. All people are fictional; NHS numbers are in the 999 test
 * range.
 */

export interface ScenarioStep {
  readonly description: string;
  readonly patientId: string;
  readonly bundle: Record<string, unknown>;
}

export interface WardScenario {
  readonly patients: readonly DemoPatient[];
  /** Admissions (Patient, Encounter with ward and bed, the Condition/Procedure that sets the group) plus each patient's recent history of observation sets. */
  admissions(now: Date): ScenarioStep[];
  /** What happens at tick n (n = 1, 2, …; one tick every ~15–20 s in the demo): new observation sets. */
  tick(n: number, now: Date): ScenarioStep[];
}

export type { DemoStory } from './demo-cast';

export interface DemoPatient {
  readonly id: string;
  readonly wardId: string;
  readonly bed: string;
  readonly group: 'antenatal' | 'postnatal' | 'newborn';
  readonly chart: ChartId;
  readonly story: DemoStory;
  readonly name: string;
  readonly nhsNumber: string;
  /** Antenatal: completed days of gestation at admission time. */
  readonly gestationDays?: number;
  /** Postnatal: the woman's baby on transitional care. Newborn: the baby's mother. */
  readonly motherId?: string;
  readonly babyId?: string;
}

export interface DemoScenarioOptions {
  /** Seeds the natural variation of the observations (default 2026). */
  readonly seed?: number;
  readonly maternityWardId?: string;
  readonly newbornWardId?: string;
  /** The ward's overdue grace (config/wards.json escalation.overdueGraceMinutes, default 30). */
  readonly overdueGraceMinutes?: number;
}

/** The deteriorating woman reaches her worst at this tick and stays there. */
export const DETERIORATION_TICKS = 14;
/** The tick at which worry or concern is recorded. */
export const CONCERN_TICK = 2;
/** The tick from which the amber baby feeds less and breathes faster. */
export const NEWBORN_AMBER_TICK = 5;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** The overdue woman's last set is this much later than due (interval + grace), so the alert comes at once. */
const OVERDUE_BY_MINUTES = 60;
/** Interval assumed if a chart's response gives none. */
const FALLBACK_INTERVAL_MINUTES = 240;
/** Stable women have a new set every this many ticks; babies every NEWBORN_CADENCE. */
const WOMAN_CADENCE = 4;
const NEWBORN_CADENCE = 3;

/** A deterministic number in [-1, 1] from the seed and the keys (patient, tick, reading). */
function noise(seed: number, ...keys: number[]): number {
  let hash = seed | 0;
  for (const key of keys) {
    hash = Math.imul(hash ^ (key | 0), 0x2c1b3c6d);
    hash ^= hash >>> 15;
    hash = Math.imul(hash + 0x6d2b79f5, 0x297a2d39);
    hash ^= hash >>> 13;
  }
  return ((hash >>> 0) / 0xffffffff) * 2 - 1;
}

const round = (value: number, decimals = 0) => Math.round(value * 10 ** decimals) / 10 ** decimals;

type Measured =
  'heartRate' | 'respiratoryRate' | 'temperature' | 'systolicBP' | 'diastolicBP' | 'oxygenSaturation';
/** Each measured reading: how much it varies naturally between sets, and its decimals as charted. */
const MEASURED: readonly (readonly [Measured, number, number])[] = [
  ['heartRate', 5, 0],
  ['respiratoryRate', 1.4, 0],
  ['temperature', 0.2, 1],
  ['systolicBP', 6, 0],
  ['diastolicBP', 4, 0],
  ['oxygenSaturation', 1, 0],
];

/** Natural variation of a set around the usual values, small enough to stay in the same chart band. */
function vary(usual: Vitals, wobble: (reading: number) => number, scale = 1): Vitals {
  const out: Vitals = { ...usual };
  MEASURED.forEach(([reading, amplitude, decimals], index) => {
    const value = usual[reading];
    if (value !== undefined) out[reading] = round(value + amplitude * scale * wobble(index), decimals);
  });
  if (out.oxygenSaturation !== undefined) out.oxygenSaturation = Math.min(100, out.oxygenSaturation);
  return out;
}

/** Straight-line progress from `from` to `to`, rounded as the devices show them. */
function towards(from: Vitals, to: Vitals, progress: number): Vitals {
  const out: Vitals = { ...from };
  for (const [reading, , decimals] of MEASURED) {
    const [a, b] = [from[reading], to[reading]];
    if (a !== undefined && b !== undefined) out[reading] = round(a + (b - a) * progress, decimals);
  }
  return out;
}

/** The NHS number with its modulus-11 check digit, or undefined when no check digit exists for these nine digits. */
export function withNhsCheckDigit(nineDigits: string): string | undefined {
  if (!/^\d{9}$/.test(nineDigits)) throw new RangeError(`${nineDigits}: nine digits expected`);
  const sum = [...nineDigits].reduce((total, digit, index) => total + Number(digit) * (10 - index), 0);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? undefined : `${nineDigits}${check}`;
}

/** The first `count` valid NHS numbers of the 999 test range from 999 100 000. */
function testNhsNumbers(count: number): string[] {
  const numbers: string[] = [];
  for (let candidate = 999_100_000; numbers.length < count; candidate += 7) {
    const number = withNhsCheckDigit(String(candidate));
    if (number) numbers.push(number);
  }
  return numbers;
}

/** How often observations are due for a set like this on this chart (the response to its score). */
function intervalMinutes(chart: ChartDefinition, set: Vitals): number {
  const outcome = scoreObservationSet(chart, set);
  return (
    (outcome.ok ? outcome.result.response.observationIntervalMinutes : null) ?? FALLBACK_INTERVAL_MINUTES
  );
}

const gestationLabel = (days: number) => `${Math.floor(days / 7)}+${days % 7}`;

function describeSet(set: Vitals): string {
  const parts = [
    set.heartRate !== undefined ? `HR ${set.heartRate}` : undefined,
    set.respiratoryRate !== undefined ? `RR ${set.respiratoryRate}` : undefined,
    set.temperature !== undefined ? `T ${set.temperature.toFixed(1)}` : undefined,
    set.systolicBP !== undefined && set.diastolicBP !== undefined
      ? `BP ${set.systolicBP}/${set.diastolicBP}`
      : undefined,
    set.oxygenSaturation !== undefined ? `SpO2 ${set.oxygenSaturation}` : undefined,
    set.feeding && set.feeding !== 'normal' ? `feeding ${set.feeding}` : undefined,
    set.concern ? 'worry or concern' : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}

interface Cast {
  readonly patient: DemoPatient;
  readonly index: number;
  readonly usual: Vitals;
  readonly resources: (now: Date, firstSetAt: Date) => FhirResource[];
  readonly lastSetMinutesAgo: number;
  readonly earlierSets: number;
}

interface CastContext {
  readonly numbers: readonly string[];
  readonly maternity: string;
  readonly transitional: string;
  readonly grace: number;
}

const womanId = (bed: number) => `demo-mat-${String(bed).padStart(2, '0')}`;
const babyId = (cot: number) => `demo-baby-${String(cot).padStart(2, '0')}`;

function womenCast({ numbers, maternity, grace }: CastContext): Cast[] {
  return WOMEN.map((woman, index) => {
    const bed = index + 1;
    const id = womanId(bed);
    const cot = BABIES.findIndex((baby) => baby.motherBed === bed) + 1;
    const overdueAfter =
      intervalMinutes(shippedCharts().get('mews'), woman.usual) + grace + OVERDUE_BY_MINUTES;
    const patient: DemoPatient = {
      id,
      wardId: maternity,
      bed: `Bed ${bed}`,
      group: 'pregnancy' in woman ? 'antenatal' : 'postnatal',
      chart: 'mews',
      story: woman.story,
      name: `${woman.given} ${woman.family}`,
      nhsNumber: numbers[index] ?? '',
      ...('pregnancy' in woman ? { gestationDays: woman.pregnancy.gestationDays } : {}),
      ...(cot > 0 ? { babyId: babyId(cot) } : {}),
    };
    return {
      patient,
      index,
      usual: woman.usual,
      lastSetMinutesAgo: woman.lastSetMinutesAgo === 'overdue' ? overdueAfter : woman.lastSetMinutesAgo,
      earlierSets: woman.earlierSets,
      resources: (now, firstSetAt) => [
        patientResource({
          id,
          nhsNumber: patient.nhsNumber,
          given: [woman.given],
          family: woman.family,
          gender: 'female',
          born: { date: woman.birthDate },
        }),
        inpatientEncounter({
          id: `${id}-stay`,
          patientId: id,
          wardId: maternity,
          bed: patient.bed,
          start: new Date(firstSetAt.getTime() - HOUR_MS),
        }),
        'pregnancy' in woman
          ? pregnancyCondition({
              id: `${id}-pregnancy`,
              patientId: id,
              // Dated from the last menstrual period; conception about two weeks later.
              onset: new Date(now.getTime() - (woman.pregnancy.gestationDays - 14) * DAY_MS),
            })
          : deliveryProcedure({
              id: `${id}-delivery`,
              patientId: id,
              performed: new Date(now.getTime() - woman.delivery.hoursAgo * HOUR_MS),
              text: woman.delivery.text,
            }),
        ...('pregnancy' in woman
          ? [gestationObservation(id, woman.pregnancy.gestationDays, firstSetAt.toISOString())]
          : []),
      ],
    };
  });
}

function babiesCast({ numbers, transitional }: CastContext): Cast[] {
  return BABIES.map((baby, index) => {
    const cot = index + 1;
    const id = babyId(cot);
    const mother = WOMEN[baby.motherBed - 1];
    const delivery = mother && 'delivery' in mother ? mother.delivery : undefined;
    if (!mother || !delivery) throw new Error(`${id}: bed ${baby.motherBed} is not a postnatal woman`);
    const patient: DemoPatient = {
      id,
      wardId: transitional,
      bed: `Cot ${cot}`,
      group: 'newborn',
      chart: 'newtt2',
      story: baby.story,
      name: `Baby ${baby.family}`,
      nhsNumber: numbers[WOMEN.length + index] ?? '',
      motherId: womanId(baby.motherBed),
    };
    return {
      patient,
      index: WOMEN.length + index,
      usual: baby.usual,
      lastSetMinutesAgo: baby.lastSetMinutesAgo,
      earlierSets: 3,
      resources: (now, firstSetAt) => [
        patientResource({
          id,
          nhsNumber: patient.nhsNumber,
          given: ['Baby'],
          family: baby.family,
          gender: baby.gender,
          born: { at: new Date(now.getTime() - delivery.hoursAgo * HOUR_MS) },
          motherId: womanId(baby.motherBed),
        }),
        inpatientEncounter({
          id: `${id}-stay`,
          patientId: id,
          wardId: transitional,
          bed: patient.bed,
          start: new Date(firstSetAt.getTime() - HOUR_MS),
        }),
      ],
    };
  });
}

/** The set a patient has at tick n, or undefined when none is taken then. Ticks ≤ 0 are the history. */
function setAt(seed: number, member: Cast, n: number): Vitals | undefined {
  const wobble = (tick: number) => (reading: number) => noise(seed, member.index, tick, reading);
  const { story } = member.patient;
  const usual = vary(member.usual, wobble(n));
  if (n <= 0) return story === 'deteriorating' ? vary(member.usual, wobble(n), 0.5) : usual;
  const cadence = member.patient.group === 'newborn' ? NEWBORN_CADENCE : WOMAN_CADENCE;
  const due = (n + member.index) % cadence === 0;
  switch (story) {
    case 'deteriorating':
      // No variation on the way down, so each reading moves steadily away from normal.
      if (n <= DETERIORATION_TICKS) return towards(member.usual, SEPTIC, n / DETERIORATION_TICKS);
      return n % 2 === 0 ? vary(SEPTIC, wobble(n), 0.4) : undefined;
    case 'concern':
      if (n === CONCERN_TICK) return { ...usual, concern: true };
      return n > CONCERN_TICK + 2 && due ? usual : undefined;
    case 'overdue':
      return undefined;
    case 'newborn-amber':
      if (n < NEWBORN_AMBER_TICK) return due ? usual : undefined;
      return (n - NEWBORN_AMBER_TICK) % 2 === 0 ? vary(AMBER_BABY, wobble(n), 0.5) : undefined;
    case 'stable':
      return due ? usual : undefined;
  }
}

function historyTimes(member: Cast, now: Date): Date[] {
  const interval = intervalMinutes(shippedCharts().get(member.patient.chart), member.usual);
  return Array.from(
    { length: member.earlierSets },
    (_, k) => new Date(now.getTime() - (member.lastSetMinutesAgo + k * interval) * MINUTE_MS),
  );
}

export function demoScenario(options: DemoScenarioOptions = {}): WardScenario {
  const seed = options.seed ?? 2026;
  const context: CastContext = {
    numbers: testNhsNumbers(WOMEN.length + BABIES.length),
    maternity: options.maternityWardId ?? 'maternity-a',
    transitional: options.newbornWardId ?? 'transitional-care',
    grace: options.overdueGraceMinutes ?? 30,
  };
  const cast = [...womenCast(context), ...babiesCast(context)];

  return {
    patients: cast.map((member) => member.patient),

    admissions(now: Date): ScenarioStep[] {
      return cast.map((member) => {
        const { patient } = member;
        // Newest first: Beacon assesses in the order received, and an older set assessed after the newest one
        // is never the latest, so it cannot start an overdue timer that has already run out.
        const times = historyTimes(member, now);
        const firstSetAt = times[times.length - 1] ?? now;
        const sets = times.flatMap((at, k) =>
          vitalsObservations(
            `Patient/${patient.id}`,
            setAt(seed, member, -k - 1) ?? member.usual,
            at.toISOString(),
          ),
        );
        const group =
          patient.gestationDays !== undefined
            ? `antenatal ${gestationLabel(patient.gestationDays)}`
            : patient.group;
        return {
          patientId: patient.id,
          description: `${patient.bed} (${patient.id}, ${group}): admitted with ${times.length} earlier observation sets`,
          bundle: transactionBundle([...member.resources(now, firstSetAt), ...sets]),
        };
      });
    },

    tick(n: number, now: Date): ScenarioStep[] {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`tick ${n}: ticks are numbered 1, 2, …`);
      return cast.flatMap((member) => {
        const set = setAt(seed, member, n);
        if (!set) return [];
        const { patient } = member;
        return [
          {
            patientId: patient.id,
            description: `${patient.bed} (${patient.id}): ${describeSet(set)}`,
            bundle: observationBundle(patient.id, set, now.toISOString()),
          },
        ];
      });
    },
  };
}
