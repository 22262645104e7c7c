import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EscalationFilters } from '../../contracts/escalation-list.view';
import type { EscalationRecord } from '../escalation-row';

/** Pathway prompts are never acknowledged or escalated: they are not escalations and have their own measures. */
const NOT_ESCALATIONS = ['prompt'];

/** "Acknowledged late or not at all". */
const LATE = ['late', 'missed'];

/**
 * Every escalation with the times of its steps, in one statement: the alert, its patient, its own audit events
 * (raised, first delivery, first acknowledgement and its deadline, first response, escalation count, the set that
 * raised it), that set, and when the set was scored and its observations received. Times are the audit events'
 * (as in the timeline), so the durations agree with it. `conditions` filter the alerts; the acknowledgement
 * status is classified after (see AcknowledgementStatus for the definition).
 */
const ESCALATIONS = (conditions: string) => `
  WITH escalation AS (
    SELECT a.id, a.kind, a.state, a.level, a.ward_id, a.patient_id, a.title, a.clinical_risk, a.chart_id,
      a.chart_version, a.response, a.response_reason, a.closed_at, a.closed_reason,
      COALESCE(ev.raised_at, a.raised_at) AS raised_at,
      p.bed, pi.initials, ev.escalations, ev.first_delivered_at, ev.acknowledge_due_at,
      COALESCE(ev.first_acknowledged_at, a.acknowledged_at) AS acknowledged_at,
      COALESCE(ev.first_acknowledged_by, a.acknowledged_by) AS acknowledged_by,
      COALESCE(ev.first_responded_at, a.responded_at) AS responded_at,
      s.effective_at AS taken_at, COALESCE(se.scored_at, s.scored_at) AS scored_at, se.received_at
    FROM alert a
    LEFT JOIN patient p ON p.id = a.patient_id
    LEFT JOIN LATERAL (
      SELECT NULLIF(left(string_agg(upper(left(part, 1)), '' ORDER BY n), 3), '') AS initials
      FROM regexp_split_to_table(COALESCE(p.name, ''), '\\s+') WITH ORDINALITY AS t(part, n)
      WHERE part <> ''
    ) pi ON true
    LEFT JOIN LATERAL (
      SELECT
        MIN(e.occurred_at) FILTER (WHERE e.type = 'alert.raised') AS raised_at,
        COUNT(*) FILTER (WHERE e.type = 'alert.escalated')::int AS escalations,
        MIN(e.occurred_at) FILTER (WHERE e.type = 'alert.delivered') AS first_delivered_at,
        MIN(e.occurred_at) FILTER (WHERE e.type = 'alert.acknowledged') AS first_acknowledged_at,
        (array_agg(e.details->'actor'->>'name' ORDER BY e.id)
          FILTER (WHERE e.type = 'alert.acknowledged'))[1] AS first_acknowledged_by,
        MIN(e.occurred_at) FILTER (WHERE e.type = 'alert.responded') AS first_responded_at,
        (array_agg(e.details->>'escalatesAt' ORDER BY e.id)
          FILTER (WHERE e.type = 'alert.raised'))[1]::timestamptz AS acknowledge_due_at,
        (array_agg(e.details->>'setId' ORDER BY e.id) FILTER (WHERE e.type = 'alert.raised'))[1]::uuid AS set_id
      FROM audit_event e
      WHERE e.alert_id = a.id
    ) ev ON true
    LEFT JOIN observation_set s ON s.id = COALESCE(ev.set_id, a.set_id)
    -- The set's last scoring, and the last receipt of one of its readings, up to the raise (a set is re-scored
    -- when a late reading or a move changes it; those later times did not lead to this alert).
    LEFT JOIN LATERAL (
      SELECT
        MAX(r.occurred_at) FILTER (WHERE r.type = 'set.scored' AND r.details->>'setId' = s.id::text) AS scored_at,
        MAX(r.occurred_at) FILTER (
          WHERE r.type = 'observation.received' AND r.resource_id IN (
            SELECT rd.resource_id FROM reading rd
            WHERE rd.id IN (SELECT (x->>'readingId')::bigint FROM jsonb_array_elements(s.readings) x)
          )
        ) AS received_at
      FROM audit_event r
      WHERE r.patient_id = s.patient_id AND r.type IN ('set.scored', 'observation.received')
        AND r.occurred_at <= COALESCE(ev.raised_at, a.raised_at)
    ) se ON true
    WHERE ${conditions}
  ),
  classified AS (
    SELECT escalation.*,
      CASE
        WHEN acknowledged_at IS NOT NULL AND (acknowledge_due_at IS NULL OR acknowledged_at <= acknowledge_due_at)
          THEN 'on-time'
        WHEN acknowledged_at IS NOT NULL THEN 'late'
        WHEN acknowledge_due_at < COALESCE(closed_at, now()) THEN 'missed'
        WHEN closed_at IS NOT NULL THEN 'not-needed'
        ELSE 'pending'
      END AS acknowledgement
    FROM escalation
  )`;

/** `%`, `_` and `\` match themselves in a search. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** The WHERE clauses of the alerts and of their classification, with their parameters ($1 onwards). */
export function escalationConditions(filters: EscalationFilters): {
  alerts: string;
  classified: string;
  parameters: unknown[];
} {
  const parameters: unknown[] = [NOT_ESCALATIONS];
  const alerts = ['a.kind <> ALL($1)'];
  const add = (value: unknown) => `$${parameters.push(value)}`;
  if (filters.ward === 'unassigned') alerts.push('a.ward_id IS NULL');
  else if (filters.ward) alerts.push(`a.ward_id = ${add(filters.ward)}`);
  if (filters.kind) alerts.push(`a.kind = ${add(filters.kind)}`);
  if (filters.level) alerts.push(`a.level = ${add(filters.level)}`);
  if (filters.from) alerts.push(`a.raised_at >= ${add(filters.from)}`);
  if (filters.to) alerts.push(`a.raised_at < ${add(filters.to)}`);
  if (filters.response) alerts.push(`a.response = ${add(filters.response)}`);
  if (filters.reason) alerts.push(`a.response_reason = ${add(filters.reason)}`);
  if (filters.q) {
    const pattern = add(likePattern(filters.q));
    alerts.push(`(a.title ILIKE ${pattern} OR p.bed ILIKE ${pattern} OR pi.initials ILIKE ${pattern})`);
  }
  const classified =
    filters.late === undefined
      ? 'true'
      : filters.late
        ? `acknowledgement = ANY(${add(LATE)})`
        : `acknowledgement <> ALL(${add(LATE)})`;
  return { alerts: alerts.join(' AND '), classified, parameters };
}

/** The escalation list's SQL: the matching escalations with their step times, their count, the filter values. */
@Injectable()
export class EscalationListRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Matching escalations, newest first, from `offset`, and how many match in all. */
  async escalations(
    filters: EscalationFilters,
    limit: number,
    offset: number,
  ): Promise<{ records: EscalationRecord[]; total: number }> {
    const { alerts, classified, parameters } = escalationConditions(filters);
    const records = await this.dataSource.query<(EscalationRecord & { total: number })[]>(
      `${ESCALATIONS(alerts)}
       SELECT classified.*, COUNT(*) OVER ()::int AS total FROM classified
       WHERE ${classified}
       ORDER BY raised_at DESC, id DESC
       LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
      [...parameters, limit, offset],
    );
    // Past the last page the window count has no row to ride on: count on its own.
    const total =
      records[0]?.total ??
      (offset > 0
        ? Number(
            (
              await this.dataSource.query<{ total: number }[]>(
                `${ESCALATIONS(alerts)} SELECT COUNT(*)::int AS total FROM classified WHERE ${classified}`,
                parameters,
              )
            )[0]?.total ?? 0,
          )
        : 0);
    return { records, total };
  }

  /** The kinds and levels escalations have had (what the list's filters offer). */
  async kindsAndLevels(): Promise<{ kind: string; level: string }[]> {
    return this.dataSource.query<{ kind: string; level: string }[]>(
      'SELECT DISTINCT kind, level FROM alert WHERE kind <> ALL($1)',
      [NOT_ESCALATIONS],
    );
  }
}
