import type { PatientGroup } from '../../scoring';

/**
 * Which patient group a person is in at a given time (pregnant, after birth, a baby, anyone else), from what the
 * clinical record holds. Pure: the time is passed in.
 */

const DAY_MS = 24 * 3600 * 1000;
/** The neonatal period: the first 28 days of life. */
export const NEWBORN_DAYS = 28;
/** MEWS applies to women up to six weeks after birth (chart population). */
export const POSTNATAL_DAYS = 42;
/** A gestation projected beyond 44 weeks means the dating is stale (the pregnancy has ended). */
const MAX_GESTATION_DAYS = 44 * 7;

/** SNOMED CT concepts that say what a Condition, Procedure or EpisodeOfCare means for the patient group. */
export const CONTEXT_CODES = {
  pregnancy: ['http://snomed.info/sct|77386006', 'http://snomed.info/sct|72892002'],
  postpartum: ['http://snomed.info/sct|86569001'],
  delivery: ['http://snomed.info/sct|236973005'],
} as const;

export interface ContextEvent {
  readonly kind: string;
  readonly codes: readonly string[];
  readonly status: string | null;
  readonly occurredAt: Date | null;
  readonly endedAt: Date | null;
}

export interface PatientContextFacts {
  readonly birthTime: Date | null;
  readonly events: readonly ContextEvent[];
  /** Gestational age readings: days of gestation at the reading's time. */
  readonly gestations: readonly { readonly days: number; readonly at: Date }[];
  /** Birth times of babies linked to this patient as their mother. */
  readonly babiesBorn: readonly Date[];
  /** The ward's assumption when nothing is known. */
  readonly defaultGroup: PatientGroup;
}

export interface PatientContext {
  readonly group: PatientGroup;
  /** True when the group is the ward's default, not derived from the record. */
  readonly assumed: boolean;
  readonly gestation?: { readonly weeks: number; readonly days: number };
  readonly daysSinceBirth?: number;
  readonly basis: string;
}

const has = (event: ContextEvent, codes: readonly string[]) =>
  event.codes.some((code) => codes.includes(code));
const activeAt = (event: ContextEvent, at: Date) =>
  (!event.occurredAt || event.occurredAt <= at) &&
  (!event.endedAt || event.endedAt > at) &&
  !['resolved', 'inactive', 'entered-in-error', 'finished', 'cancelled', 'not-done'].includes(
    event.status ?? '',
  );

export function derivePatientContext(facts: PatientContextFacts, at: Date): PatientContext {
  if (facts.birthTime && facts.birthTime <= at) {
    const age = Math.floor((at.getTime() - facts.birthTime.getTime()) / DAY_MS);
    if (age < NEWBORN_DAYS)
      return { group: 'newborn', assumed: false, daysSinceBirth: age, basis: 'born less than 28 days ago' };
  }

  const deliveries = [
    ...facts.babiesBorn,
    ...facts.events
      .filter((event) => has(event, CONTEXT_CODES.delivery) && event.status !== 'entered-in-error')
      .flatMap((event) => (event.occurredAt ? [event.occurredAt] : [])),
  ].filter((time) => time <= at);
  const delivered = deliveries.sort((a, b) => b.getTime() - a.getTime())[0];
  if (delivered && at.getTime() - delivered.getTime() <= POSTNATAL_DAYS * DAY_MS) {
    return {
      group: 'postnatal',
      assumed: false,
      daysSinceBirth: Math.floor((at.getTime() - delivered.getTime()) / DAY_MS),
      basis: 'gave birth within the last six weeks',
    };
  }
  if (facts.events.some((event) => has(event, CONTEXT_CODES.postpartum) && activeAt(event, at))) {
    return { group: 'postnatal', assumed: false, basis: 'postpartum state recorded' };
  }

  const dating = [...facts.gestations]
    .filter((reading) => reading.at <= at && (!delivered || reading.at > delivered))
    .sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  if (dating) {
    const days = dating.days + Math.floor((at.getTime() - dating.at.getTime()) / DAY_MS);
    if (days <= MAX_GESTATION_DAYS) {
      return {
        group: 'antenatal',
        assumed: false,
        gestation: { weeks: Math.floor(days / 7), days: days % 7 },
        basis: 'gestational age recorded',
      };
    }
  }
  if (
    facts.events.some(
      (event) =>
        has(event, CONTEXT_CODES.pregnancy) &&
        activeAt(event, at) &&
        (!delivered || (event.occurredAt ?? at) > delivered),
    )
  ) {
    return { group: 'antenatal', assumed: false, basis: 'pregnancy recorded' };
  }
  return { group: facts.defaultGroup, assumed: true, basis: 'nothing recorded: the ward default' };
}
