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

/** Which observation set: the readings of one panel (hasMember), or those taken around an anchor time. */
export type SetScope =
  { readonly kind: 'panel'; readonly panelKey: string } | { readonly kind: 'time'; readonly anchor: Date };

export interface AssembledSet {
  readonly key: string;
  /** When the set was taken (its earliest reading). */
  readonly effectiveAt: Date;
  readonly readings: readonly SetReading[];
  readonly set: ObservationSet;
}

/** Readings that select how others are scored and stay valid until changed (the clinician's SpO2 scale choice). */
export const CARRIED_FORWARD: readonly FieldId[] = ['spo2Scale'];

const isScoringField = (field: string): field is FieldId =>
  Object.prototype.hasOwnProperty.call(OBSERVATION_FIELDS, field);

/** 'panel:<key>' or 'time:<anchor ISO>': what makes two assemblies the same observation set. */
export function setKey(scope: SetScope): string {
  return scope.kind === 'panel' ? `panel:${scope.panelKey}` : `time:${scope.anchor.toISOString()}`;
}

export function scopeOfKey(key: string): SetScope {
  return key.startsWith('panel:')
    ? { kind: 'panel', panelKey: key.slice(6) }
    : { kind: 'time', anchor: new Date(key.slice(5)) };
}

/**
 * The set a reading belongs to: its panel, or the existing time-based set whose anchor is nearest within the
 * window (so a late reading joins its set), or a new set anchored at the reading's time.
 */
export function scopeForReading(reading: SetReading, anchors: readonly Date[], windowMs: number): SetScope {
  if (reading.panelKey) return { kind: 'panel', panelKey: reading.panelKey };
  const distance = (anchor: Date) => Math.abs(anchor.getTime() - reading.effectiveAt.getTime());
  const nearest = anchors
    .filter((anchor) => distance(anchor) <= windowMs)
    .sort((a, b) => distance(a) - distance(b))[0];
  return { kind: 'time', anchor: nearest ?? reading.effectiveAt };
}

/**
 * The observation set in a scope from candidate readings: within the window of the anchor (time sets) or in the
 * panel; the later of two readings of a field wins; selectors such as the SpO2 scale are carried forward from
 * `history`. Undefined when no reading is left (all retracted). Pure.
 */
export function collectSet(
  scope: SetScope,
  candidates: readonly SetReading[],
  windowMs: number,
  history: readonly SetReading[] = [],
): AssembledSet | undefined {
  const members =
    scope.kind === 'panel'
      ? candidates.filter((reading) => reading.panelKey === scope.panelKey)
      : candidates.filter(
          (reading) =>
            !reading.panelKey && Math.abs(reading.effectiveAt.getTime() - scope.anchor.getTime()) <= windowMs,
        );
  if (members.length === 0) return undefined;
  const effectiveAt = new Date(Math.min(...members.map((reading) => reading.effectiveAt.getTime())));
  const newer = (a: SetReading, b: SetReading) =>
    a.effectiveAt.getTime() - b.effectiveAt.getTime() || a.recordedAt.getTime() - b.recordedAt.getTime();
  const latest = new Map<FieldId, SetReading>();
  for (const reading of members) {
    if (!isScoringField(reading.field)) continue;
    const current = latest.get(reading.field);
    if (!current || newer(reading, current) > 0) latest.set(reading.field, reading);
  }
  for (const field of CARRIED_FORWARD) {
    if (latest.has(field)) continue;
    const previous = history
      .filter((reading) => reading.field === field && reading.effectiveAt <= effectiveAt)
      .sort(newer)
      .at(-1);
    if (previous) latest.set(field, previous);
  }
  if (latest.size === 0) return undefined;
  const set = Object.fromEntries(
    [...latest].map(([field, reading]) => [field, reading.value]),
  ) as ObservationSet;
  return { key: setKey(scope), effectiveAt, readings: [...latest.values()], set };
}
