// The list page keeps its filters in its own address (/audit/alerts?ward=…&late=true), so a filtered view can be
// bookmarked, shared and gone back to. These pure functions turn that address into the API's query.

/** The form's fields that pass to the API unchanged. */
const PASSED = ['q', 'ward', 'kind', 'level', 'late', 'response', 'reason'] as const;

export type ListField = (typeof PASSED)[number] | 'from' | 'to' | 'page';

/** Local midnight of a `YYYY-MM-DD` day, as an ISO instant (undefined when it is not such a day). */
export function startOfDay(day: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * The API query for the page's address: empty fields dropped, the day range made instants (from the start of the
 * first day to the end of the last, local time), and no page for the CSV export (it has every matching row).
 */
export function apiQueryOf(page: URLSearchParams, forCsv = false): URLSearchParams {
  const query = new URLSearchParams();
  for (const field of PASSED) {
    const value = page.get(field)?.trim();
    if (value) query.set(field, value);
  }
  const from = page.get('from');
  const to = page.get('to');
  // A value that is not a day goes through as it is, so the API's 400 names the field.
  if (from) query.set('from', startOfDay(from) ?? from);
  if (to) query.set('to', startOfDay(to, 1) ?? to);
  const pageNumber = page.get('page');
  if (!forCsv && pageNumber && pageNumber !== '1') query.set('page', pageNumber);
  return query;
}

/** The page's own address for another page of the same filters. */
export function pageHref(page: URLSearchParams, pageNumber: number): string {
  const next = new URLSearchParams(page);
  if (pageNumber <= 1) next.delete('page');
  else next.set('page', String(pageNumber));
  const search = next.toString();
  return `/audit/alerts${search ? `?${search}` : ''}`;
}
