/**
 * Gestation as completed weeks and days ("29+6"), never a float: 29+6 is 29 weeks and 6 days, and "<30+0" means up
 * to and including 29+6. Internally a gestation is its number of completed days, compared as integers.
 */
export interface Gestation {
  readonly weeks: number;
  readonly days: number;
  /** weeks × 7 + days. */
  readonly totalDays: number;
}

const PATTERN = /^(\d{1,2})\+([0-6])$/;

/** Parses "29+6" (weeks 0–45, days 0–6); undefined for anything else ("29.5", "29+7", "29"). */
export function parseGestation(text: unknown): Gestation | undefined {
  if (typeof text !== 'string') return undefined;
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const weeks = Number(match[1]);
  const days = Number(match[2]);
  if (weeks > 45) return undefined;
  return { weeks, days, totalDays: weeks * 7 + days };
}

export function gestation(weeks: number, days = 0): Gestation {
  return { weeks, days, totalDays: weeks * 7 + days };
}

export function formatGestation(value: Gestation): string {
  return `${value.weeks}+${value.days}`;
}

/** A gestation range in completed days; either end may be open. Both ends are inclusive ("24+0–33+6"). */
export interface GestationRange {
  readonly from?: string;
  readonly to?: string;
}

export function inGestationRange(value: Gestation, range: GestationRange): boolean {
  const from = range.from === undefined ? undefined : parseGestation(range.from);
  const to = range.to === undefined ? undefined : parseGestation(range.to);
  if ((range.from !== undefined && !from) || (range.to !== undefined && !to))
    throw new RangeError(`invalid gestation range ${JSON.stringify(range)}`);
  return (!from || value.totalDays >= from.totalDays) && (!to || value.totalDays <= to.totalDays);
}

export function describeGestationRange(range: GestationRange): string {
  if (range.from && range.to) return `${range.from} to ${range.to}`;
  if (range.to) return `up to ${range.to}`;
  if (range.from) return `${range.from} or more`;
  return 'any gestation';
}
