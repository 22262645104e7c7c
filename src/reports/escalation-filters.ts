import { z } from 'zod';
import { NOT_REQUIRED_REASONS } from '../alerts/domain/alert';
import type { EscalationFilters } from '../contracts/escalation-list.view';

export const RESPONSES = ['attending', 'escalating', 'not-required'] as const;
export const MAX_PAGE_SIZE = 200;

const FILTERS = {
  kind: z.string().regex(/^[a-z-]{1,24}$/, 'an alert kind such as deterioration'),
  level: z.string().regex(/^[a-z0-9-]{1,32}$/, 'a response level such as urgent-review'),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  late: z.enum(['true', 'false']).transform((value) => value === 'true'),
  response: z.enum(RESPONSES),
  reason: z.enum(NOT_REQUIRED_REASONS),
  q: z.string().trim().min(1).max(64),
};

/**
 * The query of the escalation list and its CSV export. Every value is checked (a 400 names the field); unknown
 * parameters are refused rather than silently ignored, so a misspelt filter never exports the wrong rows.
 */
export function escalationQuerySchema(wardIds: readonly string[]) {
  const wards = ['unassigned', ...wardIds];
  return z
    .object({
      ward: z.string().refine((ward) => wards.includes(ward), `one of ${wards.join(', ')}`),
      ...FILTERS,
      page: z.coerce.number().int().min(1).max(100_000),
      pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE),
    })
    .partial()
    .strict()
    .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
      path: ['to'],
      message: 'must be after from',
    });
}

export type EscalationQuery = z.infer<ReturnType<typeof escalationQuerySchema>>;

/** The filters alone (without paging), as echoed back and recorded in the access audit. */
export function filtersOf(query: EscalationQuery): EscalationFilters {
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  return filters;
}
