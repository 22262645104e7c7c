import type { EventType, LabourState } from '../../pathways';

/**
 * The pathways' cases built from what Beacon knows about a mother and her babies: the preterm case before birth (the
 * mother's), after birth (each baby's), and the smoke-free pregnancy case at her latest appointment. Pure: records
 * and time come in as plain data; the cases go out as the `pathway` command's JSON (so the rules' own validation
 * checks them). Gestation is whole days throughout, formatted as completed weeks+days.
 */

const DAY_MS = 24 * 3600_000;
/** A dating projected beyond 44 weeks is stale: the pregnancy has ended. */
const MAX_GESTATION_DAYS = 44 * 7;
const POSTNATAL_DAYS = 42;
/** Babies born within a day of each other are one birth (twins, triplets). */
const SAME_BIRTH_MS = DAY_MS;

export type RecordedEvent =
  | {
      readonly kind: 'event';
      readonly event: EventType;
      readonly at: number;
      readonly end?: number;
      readonly mode?: string;
      readonly display?: string;
    }
  | { readonly kind: 'labour'; readonly state: LabourState; readonly at: number }
  | { readonly kind: 'membranes-ruptured'; readonly at: number }
  | { readonly kind: 'referral'; readonly at: number };

export interface RecordedReading {
  readonly field: string;
  readonly value: number | string | boolean;
  readonly at: number;
  readonly recordedAt: number;
}

export interface PersonRecord {
  readonly id: string;
  readonly wardId: string | null;
  readonly birthTime: number | null;
  readonly events: readonly RecordedEvent[];
  readonly readings: readonly RecordedReading[];
}

export interface FamilyRecord {
  readonly mother?: PersonRecord;
  readonly babies: readonly PersonRecord[];
}

const iso = (ms: number) => new Date(ms).toISOString();
export const formatDays = (days: number) => `${Math.floor(days / 7)}+${days % 7}`;

const readingsOf = (person: PersonRecord, field: string) =>
  person.readings.filter((reading) => reading.field === field).sort((a, b) => a.at - b.at);

function lastBirthBefore(family: FamilyRecord, at: number): number | undefined {
  const births = family.babies.flatMap((baby) =>
    baby.birthTime !== null && baby.birthTime <= at ? [baby.birthTime] : [],
  );
  return births.length > 0 ? Math.max(...births) : undefined;
}

/** The dating reading in force at a time: the latest gestational age at or before it, after any earlier birth. */
function datingAt(family: FamilyRecord, mother: PersonRecord, at: number): RecordedReading | undefined {
  const born = lastBirthBefore(family, at - 1);
  return readingsOf(mother, 'gestationalAgeDays')
    .filter((reading) => reading.at <= at && (born === undefined || reading.at > born))
    .at(-1);
}

/** Completed days of gestation at a time (the dating plus whole days since), or undefined when not known. */
export function gestationDaysAt(family: FamilyRecord, mother: PersonRecord, at: number): number | undefined {
  const dating = datingAt(family, mother, at);
  if (!dating || typeof dating.value !== 'number') return undefined;
  const days = dating.value + Math.floor((at - dating.at) / DAY_MS);
  return days <= MAX_GESTATION_DAYS ? days : undefined;
}

function labourOf(family: FamilyRecord, mother: PersonRecord, until: number) {
  const since = lastBirthBefore(family, until - 1) ?? -Infinity;
  const inPregnancy = mother.events.filter((event) => event.at > since && event.at <= until);
  const labour = inPregnancy
    .filter((event) => event.kind === 'labour')
    .sort((a, b) => a.at - b.at)
    .at(-1);
  const ruptured = inPregnancy.some((event) => event.kind === 'membranes-ruptured');
  if (!labour && !ruptured) return undefined;
  const days = labour ? gestationDaysAt(family, mother, labour.at) : undefined;
  return {
    ...(labour ? { state: labour.state } : {}),
    ...(ruptured ? { membranesRuptured: true } : {}),
    ...(days !== undefined ? { gestation: formatDays(days) } : {}),
  };
}

type CaseEvent = { type: EventType; time: string; end?: string; celsius?: number; mode?: string };

const caseEventsOf = (person: PersonRecord, from: number, until: number): CaseEvent[] =>
  person.events.flatMap((event) =>
    event.kind === 'event' && event.at > from && event.at <= until
      ? [
          {
            type: event.event,
            time: iso(event.at),
            ...(event.end !== undefined && event.end >= event.at ? { end: iso(event.end) } : {}),
            ...(event.mode ? { mode: event.mode } : {}),
          },
        ]
      : [],
  );

/** The mother's case before birth (prospective prompts), or undefined when she is not known to be pregnant. */
export function motherPretermCase(family: FamilyRecord, now: number): Record<string, unknown> | undefined {
  const { mother } = family;
  if (!mother) return undefined;
  const days = gestationDaysAt(family, mother, now);
  if (days === undefined) return undefined;
  const since = lastBirthBefore(family, now) ?? -Infinity;
  const labour = labourOf(family, mother, now);
  return {
    gestationNow: formatDays(days),
    now: iso(now),
    ...(labour ? { labour } : {}),
    events: caseEventsOf(mother, since, now),
  };
}

/** A baby's case after birth: retrospective outcomes (the passport) and what is still due. */
export function babyPretermCase(
  family: FamilyRecord,
  baby: PersonRecord,
  now: number,
): Record<string, unknown> | undefined {
  if (baby.birthTime === null) return undefined;
  const birth = baby.birthTime;
  const { mother } = family;
  const ownGestation = readingsOf(baby, 'gestationalAgeAtBirthDays').at(-1)?.value;
  const days =
    typeof ownGestation === 'number'
      ? ownGestation
      : mother
        ? gestationDaysAt(family, mother, birth)
        : undefined;
  const weight = readingsOf(baby, 'birthWeightGrams').at(-1)?.value;
  const siblings = family.babies.filter(
    (other) => other.birthTime !== null && Math.abs(other.birthTime - birth) <= SAME_BIRTH_MS,
  );
  const previousBirth = mother ? (lastBirthBefore(family, birth - SAME_BIRTH_MS) ?? -Infinity) : -Infinity;
  const temperatures = readingsOf(baby, 'temperature').flatMap((reading) =>
    typeof reading.value === 'number' && reading.at >= birth && reading.at <= now
      ? [{ type: 'temperature' as const, time: iso(reading.at), celsius: reading.value }]
      : [],
  );
  const labour = mother ? labourOf(family, mother, birth) : undefined;
  return {
    ...(days !== undefined ? { gestationAtBirth: formatDays(days) } : {}),
    ...(mother ? { plurality: Math.max(1, siblings.length) } : {}),
    ...(typeof weight === 'number' ? { birthWeightGrams: weight } : {}),
    birthTime: iso(birth),
    now: iso(Math.max(now, birth)),
    ...(labour ? { labour } : {}),
    events: [
      ...(mother ? caseEventsOf(mother, previousBirth, now) : []),
      ...caseEventsOf(baby, -Infinity, now),
      ...temperatures,
    ].sort((a, b) => a.time.localeCompare(b.time)),
  };
}

export interface SmokingCaseInput {
  readonly case: Record<string, unknown>;
  /** When the reading the case turns on was recorded (prompts closed since then are not raised again). */
  readonly since: number;
}

/** Her smoke-free pregnancy case at her latest appointment; undefined unless she is pregnant or within 6 weeks of birth. */
export function smokingCase(family: FamilyRecord, now: number): SmokingCaseInput | undefined {
  const { mother } = family;
  if (!mother) return undefined;
  const born = lastBirthBefore(family, now);
  const days = gestationDaysAt(family, mother, now);
  const postnatal = born !== undefined && now - born <= POSTNATAL_DAYS * DAY_MS;
  if (days === undefined && !postnatal) return undefined;
  const pregnancyStart =
    days !== undefined
      ? now - days * DAY_MS
      : (family.babies.length > 0 && born !== undefined ? born : now) - MAX_GESTATION_DAYS * DAY_MS;
  const inEpisode = (reading: RecordedReading) => reading.at >= pregnancyStart && reading.at <= now;
  const co = readingsOf(mother, 'carbonMonoxidePpm').filter(inEpisode);
  const status = readingsOf(mother, 'smokingStatus').filter(inEpisode).at(-1);
  const latest = co.at(-1);
  const base = {
    ...(typeof status?.value === 'string' ? { selfReport: status.value } : {}),
    previouslyReferredNotEngaged: false,
    inpatient: mother.wardId !== null,
  };
  const since = Math.max(latest?.recordedAt ?? pregnancyStart, status?.recordedAt ?? pregnancyStart);
  const withLatest = (appointment: string) => ({
    case: {
      appointment,
      ...base,
      ...(latest && typeof latest.value === 'number' ? { coPpm: latest.value } : {}),
      previousCoPpm: co
        .slice(0, -1)
        .flatMap((reading) => (typeof reading.value === 'number' ? [reading.value] : [])),
    },
    since,
  });
  const withoutReading = (appointment: string) => ({
    case: {
      appointment,
      ...base,
      previousCoPpm: co.flatMap((reading) => (typeof reading.value === 'number' ? [reading.value] : [])),
    },
    since,
  });
  if (postnatal && born !== undefined) return withLatest(now - born <= DAY_MS ? 'delivery' : 'postnatal');
  if (days === undefined) return undefined;
  const at36 = (reading: RecordedReading) => {
    const then = gestationDaysAt(family, mother, reading.at);
    return then !== undefined && then >= 36 * 7 && then < 37 * 7;
  };
  if (latest && at36(latest)) return withLatest('36-weeks');
  if (days >= 36 * 7) return withoutReading('36-weeks');
  if (!latest) return withoutReading('booking');
  return withLatest(co.length === 1 ? 'booking' : 'other');
}
