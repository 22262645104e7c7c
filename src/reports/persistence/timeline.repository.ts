import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SetReading } from '../../assessment/persistence/observation-set.entity';
import type { AuditRow } from '../../audit/audit-reader';
import { AuditReader } from '../../audit/audit-reader';
import { AuditEventRepository } from '../../audit/persistence/audit-event.repository';
import type { SetSummaryRow } from './set-summary';

/** An observation set as the timeline shows it. */
export interface TimelineSetRow extends SetSummaryRow {
  readings: SetReading[];
}

/** The timeline's SQL: an alert's audit events, the sets behind it, their readings' resources and events. */
@Injectable()
export class TimelineRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditReader,
    private readonly events: AuditEventRepository,
  ) {}

  async alertEvents(alertId: string): Promise<AuditRow[]> {
    return this.events.rows(this.dataSource.manager, 'alert_id = $1', [alertId]);
  }

  async sets(setIds: readonly string[]): Promise<TimelineSetRow[]> {
    return this.dataSource.query<TimelineSetRow[]>(
      `SELECT id, effective_at, chart_id, chart_version, chart_verification, total, clinical_risk, readings FROM observation_set WHERE id = ANY($1::uuid[])`,
      [setIds],
    );
  }

  /** The stored resource each reading came from. */
  async readingResources(readingIds: readonly string[]): Promise<{ id: string; resource_id: string }[]> {
    return this.dataSource.query<{ id: string; resource_id: string }[]>(
      'SELECT id::text AS id, resource_id FROM reading WHERE id = ANY($1::bigint[])',
      [readingIds],
    );
  }

  /** The sets' scoring events and their observations' receipts, supersessions and retractions. */
  async setEvents(setIds: readonly string[], resourceIds: readonly string[]): Promise<AuditRow[]> {
    return this.events.rows(
      this.dataSource.manager,
      `(type = 'set.scored' AND details->>'setId' = ANY($1)) OR (type IN ('observation.received', 'observation.superseded', 'observation.retracted') AND resource_id = ANY($2::uuid[]))`,
      [setIds, resourceIds],
    );
  }

  /** For each row: intact, and linked to the row before it. */
  async linkStatus(rows: readonly AuditRow[]): Promise<Map<string, boolean>> {
    return this.audit.linkStatus(this.dataSource.manager, rows);
  }
}
