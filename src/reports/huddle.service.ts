import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HuddleEscalators } from '../alerts/huddle.view';

interface EscalatorRow {
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
const QUERY = `
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

@Injectable()
export class HuddleService {
  constructor(private readonly dataSource: DataSource) {}

  async escalators(wardIds: readonly string[]): Promise<HuddleEscalators> {
    const rows = await this.dataSource.query<EscalatorRow[]>(QUERY, [wardIds]);
    const [today] = await this.dataSource.query<{ since: Date }[]>(
      `SELECT (date_trunc('day', now() AT TIME ZONE 'Europe/London') AT TIME ZONE 'Europe/London') AS since`,
    );
    return {
      since: (today?.since ?? new Date()).toISOString(),
      wards: wardIds.map((wardId) => ({
        wardId,
        staff: rows
          .filter((row) => row.ward_id === wardId)
          .map((row) => ({
            name: row.name,
            role: row.role,
            concerns: row.concerns,
            escalations: row.escalations,
            lastAt: row.last_at.toISOString(),
          })),
      })),
    };
  }
}
