import type { Issues } from './issues';
import { invalid } from './issues';

const DATE_TIME_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

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
  if (Number.isNaN(time.getTime())) {
    issues.push(invalid(expression, `${expression} "${value}" is not a real date and time`));
    return undefined;
  }
  return time;
}
