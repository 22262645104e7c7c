import type { FieldId, ObservationSet } from '../../scoring';
import { OBSERVATION_FIELDS } from '../../scoring';

/** A stored, current, scorable reading, as the assembler sees it. */
export interface SetReading {
  readonly id: string;
  readonly field: string;
  readonly value: number | string | boolean;
  readonly effectiveAt: Date;
  readonly recordedAt: Date;
  readonly panelKey: string | null;
}

/** A stored observation set near the readings being placed: what it holds decides whether a reading may join it. */
export interface PlacedSet {
  readonly id: string;
  readonly key: string;
  readonly effectiveAt: Date;
  readonly fields: readonly string[];
  /** Only a current set takes new readings (a set whose readings were all entered in error stays closed). */
  readonly isCurrent: boolean;
}

/** Where a reading goes: an existing set (by id) or a new one (by key). */
export type Placement = { readonly setId: string } | { readonly newKey: string };

export interface AssembledSet {
  /** When the set was taken (its earliest reading). */
  readonly effectiveAt: Date;
  readonly readings: readonly SetReading[];
  readonly set: ObservationSet;
}

/** Readings that select how others are scored and stay valid until changed (the clinician's SpO2 scale choice). */
export const CARRIED_FORWARD: readonly FieldId[] = ['spo2Scale'];

const isScoringField = (field: string): field is FieldId =>
  Object.prototype.hasOwnProperty.call(OBSERVATION_FIELDS, field);

export const panelSetKey = (panelKey: string): string => `panel:${panelKey}`;
const timeSetKey = (at: Date): string => `time:${at.toISOString()}`;

interface Candidate {
  readonly target: Placement;
  readonly key: string;
  effectiveAt: Date;
  readonly fields: Set<string>;
  readonly open: boolean;
}

/**
 * Places new readings into observation sets as the EPR sent them. The members of one panel (hasMember) are one set.
 * Loose readings with the same effective time are one set; they join the nearest set within `windowMs` that holds
 * none of their parameters, and otherwise found a set of their own. A reading never displaces another reading of
 * the same parameter: a second heart rate is a second set. Pure and deterministic in the order given (readings are
 * placed in order of effective time, then id).
 */
export function placeReadings(
  readings: readonly SetReading[],
  nearby: readonly PlacedSet[],
  windowMs: number,
): Map<string, Placement> {
  const placements = new Map<string, Placement>();
  const candidates: Candidate[] = nearby.map((set) => ({
    target: { setId: set.id },
    key: set.key,
    effectiveAt: set.effectiveAt,
    fields: new Set(set.fields),
    open: set.isCurrent,
  }));
  const keyTaken = (key: string) => candidates.some((candidate) => candidate.key === key);

  for (const [panelKey, members] of groupBy(
    readings.filter((reading) => reading.panelKey),
    (reading) => reading.panelKey ?? '',
  )) {
    const key = panelSetKey(panelKey);
    const existing = candidates.find((candidate) => candidate.key === key);
    const target = existing?.target ?? { newKey: key };
    for (const reading of members) placements.set(reading.id, target);
  }

  const loose = readings
    .filter((reading) => !reading.panelKey)
    .sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime() || compareIds(a.id, b.id));
  for (const group of sameTimeGroups(loose)) {
    const at = group[0]!.effectiveAt;
    const fields = group.map((reading) => reading.field);
    const distance = (candidate: Candidate) => Math.abs(candidate.effectiveAt.getTime() - at.getTime());
    const joinable = candidates
      .filter(
        (candidate) =>
          candidate.open &&
          !candidate.key.startsWith('panel:') &&
          distance(candidate) <= windowMs &&
          fields.every((field) => !candidate.fields.has(field)),
      )
      .sort((a, b) => distance(a) - distance(b) || a.effectiveAt.getTime() - b.effectiveAt.getTime())[0];
    let chosen = joinable;
    if (!chosen) {
      const plain = timeSetKey(at);
      const key = keyTaken(plain) ? `${plain}/${group[0]!.id}` : plain;
      chosen = { target: { newKey: key }, key, effectiveAt: at, fields: new Set(), open: true };
      candidates.push(chosen);
    }
    for (const reading of group) {
      chosen.fields.add(reading.field);
      placements.set(reading.id, chosen.target);
    }
    if (at < chosen.effectiveAt) chosen.effectiveAt = at;
  }
  return placements;
}

/** Loose readings taken at the same instant, split so that no group holds a parameter twice. */
function sameTimeGroups(sorted: readonly SetReading[]): SetReading[][] {
  const groups: SetReading[][] = [];
  let sameInstant: SetReading[][] = [];
  let instant: number | undefined;
  for (const reading of sorted) {
    if (reading.effectiveAt.getTime() !== instant) {
      groups.push(...sameInstant);
      sameInstant = [];
      instant = reading.effectiveAt.getTime();
    }
    const free = sameInstant.find((group) => group.every((member) => member.field !== reading.field));
    if (free) free.push(reading);
    else sameInstant.push([reading]);
  }
  groups.push(...sameInstant);
  return groups;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** Reading ids are bigint strings: shorter is smaller. */
const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

/**
 * The observation set its members make: one reading per parameter (should a corrected version and its original both
 * be current, the later-recorded wins), selectors such as the SpO2 scale carried forward from `history` when the
 * set has none. Undefined when no scorable reading is left (all retracted). Pure.
 */
export function assembleSet(
  members: readonly SetReading[],
  history: readonly SetReading[] = [],
): AssembledSet | undefined {
  if (members.length === 0) return undefined;
  const effectiveAt = new Date(Math.min(...members.map((reading) => reading.effectiveAt.getTime())));
  const newer = (a: SetReading, b: SetReading) =>
    a.effectiveAt.getTime() - b.effectiveAt.getTime() || a.recordedAt.getTime() - b.recordedAt.getTime();
  const byField = new Map<FieldId, SetReading>();
  for (const reading of members) {
    if (!isScoringField(reading.field)) continue;
    const current = byField.get(reading.field);
    if (!current || reading.recordedAt.getTime() > current.recordedAt.getTime())
      byField.set(reading.field, reading);
  }
  if (byField.size === 0) return undefined;
  for (const field of CARRIED_FORWARD) {
    if (byField.has(field)) continue;
    const previous = history
      .filter((reading) => reading.field === field && reading.effectiveAt <= effectiveAt)
      .sort(newer)
      .at(-1);
    if (previous) byField.set(field, previous);
  }
  const set = Object.fromEntries(
    [...byField].map(([field, reading]) => [field, reading.value]),
  ) as ObservationSet;
  return { effectiveAt, readings: [...byField.values()], set };
}
