import { z } from 'zod';
import { monthOf } from './domain/compute';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The longest span one request may ask for. */
export const MAX_MONTHS = 60;

const month = z.string().regex(MONTH, 'a month as YYYY-MM');

const monthIndex = (text: string): number => {
  const [year, monthNumber] = text.split('-').map(Number) as [number, number];
  return year * 12 + monthNumber - 1;
};

/** GET /api/measures(.csv): from/to months (default: the 12 months to this one), an optional ward. */
export function measuresQuerySchema(wardIds: readonly string[]) {
  return z
    .object({
      from: month,
      to: month,
      ward: z.string().refine((ward) => wardIds.includes(ward), `one of ${wardIds.join(', ')}`),
    })
    .partial()
    .strict()
    .refine((query) => !query.from || !query.to || query.from <= query.to, {
      path: ['to'],
      message: 'must not be before from',
    })
    .refine(
      (query) => !query.from || !query.to || monthIndex(query.to) - monthIndex(query.from) < MAX_MONTHS,
      {
        path: ['from'],
        message: `at most ${MAX_MONTHS} months at once`,
      },
    );
}

export type MeasuresQuery = z.infer<ReturnType<typeof measuresQuerySchema>>;

/** The months asked for, defaulting to the twelve up to and including the current one. */
export function monthRange(query: MeasuresQuery, now: number): { from: string; to: string } {
  const to = query.to ?? monthOf(now);
  if (query.from) return { from: query.from, to };
  const index = monthIndex(to) - 11;
  return { from: `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`, to };
}

/** GET /fhir/MeasureReport: measure (id or canonical URL) and period (YYYY-MM) are required. */
export const measureReportQuerySchema = z
  .object({
    measure: z.string().min(1),
    period: month,
  })
  .strict();
