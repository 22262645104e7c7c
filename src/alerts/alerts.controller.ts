import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { mayActOnWard, maySeeWard } from '../auth/principal';
import { RequireRole } from '../auth/require-role.decorator';
import { AuditReader } from '../audit/audit-reader';
import { HttpError } from '../http/http-error';
import { parseInput } from '../http/validate-body';
import type { AlertView } from '../contracts/alert.view';
import { REST_COMMANDS } from '../contracts/commands';
import { AlertsService } from './alerts.service';
import type { Timeline } from './timeline.service';
import { TimelineService } from './timeline.service';
import { actorOf, staffOf } from './staff-request';

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

/** What handhelds, displays and auditors need over REST (thin: the service decides, the audit records). */
@Controller('api')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly timelines: TimelineService,
    private readonly audit: AuditReader,
  ) {}

  /** Open alerts of a ward, most urgent first ("unassigned": patients on no configured ward, coordinators only). */
  @Get('wards/:wardId/alerts')
  @RequireRole('ward-display', 'midwife', 'coordinator', 'admin')
  async wardAlerts(@Param('wardId') wardId: string, @Req() request: Request): Promise<AlertView[]> {
    const staff = staffOf(request);
    const ward = wardId === 'unassigned' ? null : wardId;
    if (!maySeeWard(staff, ward)) throw HttpError.of(403, `you may not see ward ${wardId}`);
    return this.alerts.openAlerts(ward);
  }

  @Get('alerts/:id')
  @RequireRole('ward-display', 'midwife', 'coordinator', 'auditor', 'admin')
  async alert(@Param('id', ParseUUIDPipe) id: string, @Req() request: Request): Promise<AlertView> {
    const staff = staffOf(request);
    const alert = await this.alerts.view(id);
    if (!alert) throw HttpError.of(404, `alert ${id} does not exist`);
    if (!maySeeWard(staff, alert.wardId))
      throw HttpError.of(403, `you may not see ward ${alert.wardId ?? 'unassigned'}`);
    return alert;
  }

  @Post('alerts/:id/acknowledge')
  @HttpCode(200)
  @RequireRole('midwife', 'coordinator')
  acknowledge(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<AlertView> {
    const staff = staffOf(request);
    const input = parseInput(REST_COMMANDS.acknowledge, body);
    return this.alerts.command(
      id,
      actorOf(staff, input.device),
      (ward) => mayActOnWard(staff, ward),
      { type: 'acknowledge' },
      input.commandId,
    );
  }

  @Post('alerts/:id/respond')
  @HttpCode(200)
  @RequireRole('midwife', 'coordinator')
  respond(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<AlertView> {
    const staff = staffOf(request);
    const input = parseInput(REST_COMMANDS.respond, body);
    return this.alerts.command(
      id,
      actorOf(staff, input.device),
      (ward) => mayActOnWard(staff, ward),
      { type: 'respond', response: input.response, ...(input.reason ? { reason: input.reason } : {}) },
      input.commandId,
    );
  }

  @Post('alerts/:id/resolve')
  @HttpCode(200)
  @RequireRole('midwife', 'coordinator')
  resolve(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<AlertView> {
    const staff = staffOf(request);
    const input = parseInput(REST_COMMANDS.resolve, body);
    return this.alerts.command(
      id,
      actorOf(staff, input.device),
      (ward) => mayActOnWard(staff, ward),
      { type: 'resolve', ...(input.reason ? { reason: input.reason } : {}) },
      input.commandId,
    );
  }

  @Post('alerts/:id/notes')
  @HttpCode(204)
  @RequireRole('midwife', 'coordinator')
  async note(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<void> {
    const staff = staffOf(request);
    await this.alerts.note(
      id,
      actorOf(staff),
      (ward) => mayActOnWard(staff, ward),
      parseInput(REST_COMMANDS.note, body).text,
    );
  }

  /** The ordered audit events of one escalation; viewing it is audited. */
  @Get('alerts/:id/timeline')
  @RequireRole('auditor', 'coordinator', 'admin')
  async timeline(@Param('id', ParseUUIDPipe) id: string, @Req() request: Request): Promise<Timeline> {
    const staff = staffOf(request);
    const timeline = await this.timelines.timeline(id);
    if (!timeline) throw HttpError.of(404, `alert ${id} does not exist`);
    await this.audit.recordAccess(
      { type: 'user', id: staff.userId },
      { what: 'alert timeline', alertId: id, role: staff.role },
    );
    return timeline;
  }

  /** Audit events in a time range (and ward), 1000 at a time (page with `after`); viewing them is audited. */
  @Get('audit/events')
  @RequireRole('auditor', 'admin')
  async events(@Query() query: unknown, @Req() request: Request) {
    const staff = staffOf(request);
    const input = parseInput(AUDIT_QUERY, query, 'query');
    const conditions = ['id > $1'];
    const parameters: unknown[] = [input.after ?? '0'];
    if (input.from) conditions.push(`occurred_at >= $${parameters.push(input.from)}`);
    if (input.to) conditions.push(`occurred_at < $${parameters.push(input.to)}`);
    if (input.ward) conditions.push(`ward_id = $${parameters.push(input.ward)}`);
    const rows = await this.audit.rows(this.alerts.manager, conditions.join(' AND '), parameters);
    await this.audit.recordAccess(
      { type: 'user', id: staff.userId },
      { what: 'audit events', query: input, returned: rows.length, role: staff.role },
    );
    return { events: rows, next: rows.length === 1000 ? rows.at(-1)?.id : null };
  }
}
