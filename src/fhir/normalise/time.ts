import type { Issues } from './issues';
import { invalid } from './issues';

const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** 2025-02-30 parses (JavaScript rolls it over to 2 March): check the written day exists in that month. */
function isRealCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  return (
    calendar.getUTCFullYear() === year &&
    calendar.getUTCMonth() === month - 1 &&
    calendar.getUTCDate() === day
  );
}

/**
 * A clinical time must say when to the minute and in which time zone: "2026-03-01T10:00:00+00:00". A date alone
 * or a time without a zone would be guessed, and a guess can put a reading in the wrong observation set.
 */
export function clinicalTime(
  value: string | undefined,
  expression: string,
  issues: Issues,
): Date | undefined {
  if (value === undefined) return undefined;
  if (!DATE_TIME_WITH_ZONE.test(value)) {
    issues.push(
      invalid(
        expression,
        `${expression} "${value}" must be a date and time with a time zone, e.g. 2026-03-01T10:00:00Z`,
      ),
    );
    return undefined;
  }
  const time = new Date(value);
  if (Number.isNaN(time.getTime()) || !isRealCalendarDate(value)) {
    issues.push(invalid(expression, `${expression} "${value}" is not a real date and time`));
    return undefined;
  }
  return time;
}
