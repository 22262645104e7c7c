import { useEffect, useState } from 'preact/hooks';
import type { EscalationPage, EscalationRow } from '../../../src/contracts/escalation-list.view';
import { humanise } from '../shared/format';
import { Problem } from '../shared/screen-parts';
import { ApiProblem, apiJson, download } from '../shared/api';
import { acknowledgementText, dateTime, duration } from './audit-format';
import { apiQueryOf, pageHref } from './query';

/** Where the timeline's "back" link returns to: the list as it was last filtered in this tab. */
export const LAST_LIST_KEY = 'beacon.audit.list';

const DURATIONS: readonly [keyof EscalationRow['durations'], string][] = [
  ['takenToReceived', 'Taken → received'],
  ['receivedToScored', 'Received → scored'],
  ['scoredToRaised', 'Scored → raised'],
  ['raisedToDelivered', 'Raised → first screen'],
  ['raisedToAcknowledged', 'Raised → ack\u00adnowledged'],
  ['acknowledgedToResponded', 'Ack\u00adnowledged → responded'],
  ['raisedToClosed', 'Raised → closed'],
];

/** The three observation-set durations, which an overdue alert does not have (no new set raised it). */
const SET_DURATIONS = new Set<string>(['takenToReceived', 'receivedToScored', 'scoredToRaised']);

/** A cell's words: an overdue alert's time since its last set; "no screen open" when no screen showed the alert. */
function durationCell(row: EscalationRow, key: keyof EscalationRow['durations']): string {
  if (key === 'raisedToDelivered' && row.durations.raisedToDelivered === null) return 'no screen open';
  return duration(row.durations[key]);
}

function sinceLastSet(row: EscalationRow): string {
  const taken = row.times.observationTakenAt;
  if (!taken) return 'no set before';
  return `${duration((Date.parse(row.times.raisedAt) - Date.parse(taken)) / 1000)} since the last set`;
}

export function EscalationList({ token }: { token: string }) {
  const search = new URLSearchParams(window.location.search);
  const [page, setPage] = useState<EscalationPage | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);

  useEffect(() => {
    sessionStorage.setItem(LAST_LIST_KEY, window.location.pathname + window.location.search);
    apiJson<EscalationPage>(`/api/audit/alerts?${apiQueryOf(search).toString()}`, token)
      .then(setPage)
      .catch((error: unknown) => setProblem(error instanceof ApiProblem ? error.message : String(error)));
  }, []);

  const exportCsv = async () => {
    setExporting('Preparing the CSV…');
    try {
      await download(
        `/api/audit/alerts.csv?${apiQueryOf(search, true).toString()}`,
        token,
        'beacon-escalations.csv',
      );
      setExporting('CSV downloaded.');
    } catch (error) {
      setExporting(error instanceof ApiProblem ? error.message : 'The CSV could not be made.');
    }
  };

  return (
    <main class="audit">
      <header class="audit-header">
        <h1>Escalation timelines</h1>
        <p class="quiet">
          Every escalation with how long each step took. “Late” means the first acknowledgement came after the
          alert’s own deadline (its first escalation time); “not acknowledged” means nobody acknowledged it
          before that deadline passed.
        </p>
      </header>
      <Filters search={search} options={page?.options ?? null} />
      {problem && <Problem text={problem} />}
      {page && (
        <section aria-labelledby="results-heading">
          <div class="audit-results-bar">
            <h2 id="results-heading" data-testid="result-count" aria-live="polite">
              {page.total === 1 ? '1 escalation' : `${page.total} escalations`}
            </h2>
            <button
              type="button"
              class="button"
              onClick={() => void exportCsv()}
              disabled={page.total === 0}
              data-testid="export-csv"
            >
              Export CSV
            </button>
            {exporting && (
              <span role="status" class="quiet">
                {exporting}
              </span>
            )}
          </div>
          <Results rows={page.rows} />
          <Pager search={search} page={page.page} pageSize={page.pageSize} total={page.total} />
        </section>
      )}
    </main>
  );
}

function Filters({
  search,
  options,
}: {
  search: URLSearchParams;
  options: EscalationPage['options'] | null;
}) {
  const value = (field: string) => search.get(field) ?? '';
  const choices = (field: string, label: string, values: readonly { id: string; name: string }[]) => (
    <label>
      {label}
      <select name={field} value={value(field)}>
        <option value="">Any</option>
        {values.map((choice) => (
          <option value={choice.id} key={choice.id}>
            {choice.name}
          </option>
        ))}
        {/* A value from the address that the options do not list still shows as chosen. */}
        {value(field) && !values.some((choice) => choice.id === value(field)) && (
          <option value={value(field)}>{value(field)}</option>
        )}
      </select>
    </label>
  );
  const named = (ids: readonly string[] | undefined) => (ids ?? []).map((id) => ({ id, name: humanise(id) }));
  // The address keeps only the filters that are set (a plain GET form would add every empty one).
  const submit = (event: Event) => {
    event.preventDefault();
    const chosen = new URLSearchParams();
    for (const [field, entry] of new FormData(event.currentTarget as HTMLFormElement))
      if (typeof entry === 'string' && entry.trim()) chosen.set(field, entry.trim());
    window.location.assign(pageHref(chosen, 1));
  };
  return (
    <form
      onSubmit={submit}
      class="audit-filters"
      method="get"
      action="/audit/alerts"
      role="search"
      aria-label="Filter escalations"
    >
      <label>
        Search
        <input
          type="search"
          name="q"
          value={value('q')}
          placeholder="Initials, bed or title"
          maxLength={64}
        />
      </label>
      {choices('ward', 'Ward', [...(options?.wards ?? []), { id: 'unassigned', name: 'No ward' }])}
      {choices('kind', 'Kind', named(options?.kinds))}
      {choices('level', 'Level', named(options?.levels))}
      <label>
        Raised from
        <input type="date" name="from" value={value('from')} />
      </label>
      <label>
        Raised to
        <input type="date" name="to" value={value('to')} />
      </label>
      {choices('late', 'Acknowledgement', [
        { id: 'true', name: 'Late or not at all' },
        { id: 'false', name: 'On time, awaiting or not needed' },
      ])}
      {choices('response', 'Response', named(options?.responses))}
      {choices('reason', 'Reason (not required)', named(options?.reasons))}
      <div class="audit-filter-actions">
        <button type="submit" class="button button-primary">
          Apply filters
        </button>
        <a class="button" href="/audit/alerts">
          Clear
        </a>
      </div>
    </form>
  );
}

function Results({ rows }: { rows: readonly EscalationRow[] }) {
  if (rows.length === 0) return <p data-testid="no-results">No escalation matches these filters.</p>;
  return (
    <div class="audit-table-wrap" role="region" aria-labelledby="results-heading" tabIndex={0}>
      <table class="audit-table" data-testid="escalations">
        <thead>
          <tr>
            <th scope="col">Raised</th>
            <th scope="col">Ward</th>
            <th scope="col">Patient</th>
            <th scope="col">Alert</th>
            <th scope="col">Acknowledgement</th>
            {DURATIONS.map(([key, label]) => (
              <th scope="col" key={key} class="number">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const ack = acknowledgementText(row);
            return (
              <tr
                key={row.id}
                data-testid="escalation"
                data-alert-id={row.id}
                data-acknowledgement={row.acknowledgement}
              >
                <th scope="row">
                  <a href={`/audit/alerts/${row.id}`}>
                    {dateTime(row.times.raisedAt)}
                    <span class="visually-hidden">: open the timeline</span>
                  </a>
                </th>
                <td>{row.wardId ?? 'No ward'}</td>
                <td>
                  {row.patient ? `${row.patient.bed ?? 'No bed'} · ${row.patient.initials}` : 'No patient'}
                </td>
                <td>
                  {row.title}
                  <span class="quiet">
                    {' '}
                    {humanise(row.kind)} · {humanise(row.level)}
                    {row.escalations > 0 ? ` · escalated ${row.escalations}×` : ''}
                  </span>
                </td>
                <td class={ack.late ? 'ack-late' : undefined}>
                  <span aria-hidden="true">{ack.symbol}</span> {ack.text}
                  {row.acknowledgedBy && <span class="quiet"> by {row.acknowledgedBy}</span>}
                </td>
                {row.kind === 'overdue' ? (
                  <td colSpan={SET_DURATIONS.size} class="number" data-duration="since-last-set">
                    {sinceLastSet(row)}
                  </td>
                ) : null}
                {DURATIONS.filter(([key]) => row.kind !== 'overdue' || !SET_DURATIONS.has(key)).map(
                  ([key]) => (
                    <td key={key} class="number" data-duration={key}>
                      {durationCell(row, key)}
                    </td>
                  ),
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Pager({
  search,
  page,
  pageSize,
  total,
}: {
  search: URLSearchParams;
  page: number;
  pageSize: number;
  total: number;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1) return null;
  return (
    <nav class="audit-pager" aria-label="Pages">
      {page > 1 && <a href={pageHref(search, page - 1)}>← Previous</a>}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages && <a href={pageHref(search, page + 1)}>Next →</a>}
    </nav>
  );
}
