import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface EscalatorRow {
  ward_id: string;
  name: string;
  role: string;
  concerns: number;
  escalations: number;
  last_at: Date;
}

/**
 * Who escalated today, read from the audit trail: a person who raised a concern (`concern.raised`) or answered an
 * alert with "escalating" (`alert.responded`). "Today" starts at midnight UK time, as a shift's huddle counts it.
 */
const ESCALATORS = `
  WITH today AS (
    SELECT (date_trunc('day', now() AT TIME ZONE 'Europe/London') AT TIME ZONE 'Europe/London') AS since
  )
  SELECT e.ward_id,
         COALESCE(e.details->'actor'->>'name', e.actor_id) AS name,
         COALESCE(e.details->'actor'->>'role', '') AS role,
         COUNT(*) FILTER (WHERE e.type = 'concern.raised')::int AS concerns,
         COUNT(*) FILTER (WHERE e.type = 'alert.responded')::int AS escalations,
         MAX(e.occurred_at) AS last_at
    FROM audit_event e, today
   WHERE e.occurred_at >= today.since
     AND e.actor_type = 'user'
     AND e.ward_id = ANY($1)
     AND (e.type = 'concern.raised' OR (e.type = 'alert.responded' AND e.details->>'response' = 'escalating'))
     AND COALESCE(e.details->>'alreadyOpen', 'false') <> 'true'
   GROUP BY e.ward_id, 2, 3
   ORDER BY e.ward_id, MAX(e.occurred_at) DESC`;

/** The huddle's SQL: who escalated today on some wards, and when "today" began. */
@Injectable()
export class HuddleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async escalatorsToday(wardIds: readonly string[]): Promise<EscalatorRow[]> {
    return this.dataSource.query<EscalatorRow[]>(ESCALATORS, [wardIds]);
  }

  /** Midnight UK time today. */
  async startOfToday(): Promise<Date | undefined> {
    const [today] = await this.dataSource.query<{ since: Date }[]>(
      `SELECT (date_trunc('day', now() AT TIME ZONE 'Europe/London') AT TIME ZONE 'Europe/London') AS since`,
    );
    return today?.since;
  }
}
