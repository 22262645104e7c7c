import { stringify } from 'csv-stringify/sync';
import type { EscalationRow } from '../contracts/escalation-list.view';

/** One CSV column: its header and how a row fills it. */
const COLUMNS: readonly [string, (row: EscalationRow) => string | number | null][] = [
  ['alert_id', (row) => row.id],
  ['raised_at', (row) => row.times.raisedAt],
  ['ward', (row) => row.wardId],
  ['kind', (row) => row.kind],
  ['level', (row) => row.level],
  ['state', (row) => row.state],
  ['bed', (row) => row.patient?.bed ?? null],
  ['initials', (row) => row.patient?.initials ?? null],
  ['title', (row) => row.title],
  ['chart', (row) => row.chart?.id ?? null],
  ['chart_version', (row) => row.chart?.version ?? null],
  ['acknowledgement', (row) => row.acknowledgement],
  ['acknowledged_by', (row) => row.acknowledgedBy],
  ['escalations', (row) => row.escalations],
  ['response', (row) => row.response],
  ['response_reason', (row) => row.responseReason],
  ['closed_reason', (row) => row.closedReason],
  ['observation_taken_at', (row) => row.times.observationTakenAt],
  ['received_at', (row) => row.times.receivedAt],
  ['scored_at', (row) => row.times.scoredAt],
  ['first_delivered_at', (row) => row.times.firstDeliveredAt],
  ['acknowledge_due_at', (row) => row.times.acknowledgeDueAt],
  ['acknowledged_at', (row) => row.times.acknowledgedAt],
  ['responded_at', (row) => row.times.respondedAt],
  ['closed_at', (row) => row.times.closedAt],
  ['taken_to_received_s', (row) => row.durations.takenToReceived],
  ['received_to_scored_s', (row) => row.durations.receivedToScored],
  ['scored_to_raised_s', (row) => row.durations.scoredToRaised],
  ['raised_to_delivered_s', (row) => row.durations.raisedToDelivered],
  ['raised_to_acknowledged_s', (row) => row.durations.raisedToAcknowledged],
  ['acknowledged_to_responded_s', (row) => row.durations.acknowledgedToResponded],
  ['raised_to_closed_s', (row) => row.durations.raisedToClosed],
];

/**
 * A text cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) is prefixed
 * with an apostrophe: titles and beds come from outside Beacon (OWASP "CSV injection").
 */
export function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The escalation list as CSV (RFC 4180 quoting by csv-stringify), a header line first. */
export function escalationCsv(rows: readonly EscalationRow[]): string {
  return stringify(
    rows.map((row) => COLUMNS.map(([, value]) => value(row))),
    {
      header: true,
      columns: COLUMNS.map(([header]) => header),
      record_delimiter: 'windows',
      cast: { string: defuse },
    },
  );
}
