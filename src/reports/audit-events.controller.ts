import { Controller, Get, Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { AuditReader } from '../audit/audit-reader';
import type { AuditRow } from '../audit/audit-reader';
import { RequireRole } from '../auth/require-role.decorator';
import { HttpError } from '../http/http-error';
import { parseInput } from '../http/validate-body';
import { staffOf } from '../auth/principal';
import { recordStaffAccess } from './staff-access';
import type { Timeline } from './timeline.service';
import { TimelineService } from './timeline.service';

const AUDIT_QUERY = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    ward: z.string().max(64).optional(),
    // At most 18 digits: always inside PostgreSQL's bigint, so a huge cursor is a 400, not a database error.
    after: z
      .string()
      .regex(/^\d{1,18}$/, 'after: an event id (digits, at most 18)')
      .optional(),
  })
  .strict();

/** The audit trail for auditors: the timeline of one escalation and the raw events. Every view is audited. */
@Controller('api')
export class AuditEventsController {
  constructor(
    private readonly timelines: TimelineService,
    private readonly audit: AuditReader,
  ) {}

  /** The ordered audit events of one escalation; viewing it is audited. */
  @Get('alerts/:id/timeline')
  @RequireRole('auditor', 'coordinator', 'admin')
  async timeline(@Param('id', ParseUUIDPipe) id: string, @Req() request: Request): Promise<Timeline> {
    const staff = staffOf(request);
    const timeline = await this.timelines.timeline(id);
    if (!timeline) throw HttpError.of(404, `alert ${id} does not exist`);
    await recordStaffAccess(this.audit, staff, { what: 'alert timeline', alertId: id });
    return timeline;
  }

  /** Audit events in a time range (and ward), 1000 at a time (page with `after`); viewing them is audited. */
  @Get('audit/events')
  @RequireRole('auditor', 'admin')
  async events(
    @Query() query: unknown,
    @Req() request: Request,
  ): Promise<{ events: AuditRow[]; next: string | null | undefined }> {
    const staff = staffOf(request);
    const input = parseInput(AUDIT_QUERY, query, 'query');
    const rows = await this.audit.events({ ...input, after: input.after ?? '0' });
    await recordStaffAccess(this.audit, staff, { what: 'audit events', query: input, returned: rows.length });
    return { events: rows, next: rows.length === 1000 ? rows.at(-1)?.id : null };
  }
}
