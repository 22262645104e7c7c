import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { staffOf } from '../auth/principal';
import { RequireRole } from '../auth/require-role.decorator';
import { AuditReader } from '../audit/audit-reader';
import { AppConfig } from '../config/app-config';
import { HttpError } from '../http/http-error';
import { asCsvDownload } from '../http/csv-download';
import { parseInput } from '../http/validate-body';
import { escalationCsv } from './escalation-csv';
import type { EscalationQuery } from './escalation-filters';
import { escalationQuerySchema, filtersOf } from './escalation-filters';
import type { EscalationPage } from '../contracts/escalation-list.view';
import { EscalationListService } from './escalation-list.service';
import { recordStaffAccess } from './staff-access';

/** More rows than this in one export is refused: narrow the filters (a date range) instead. */
export const MAX_CSV_ROWS = 10_000;
const DEFAULT_PAGE_SIZE = 50;

/**
 * The auditor's escalation list (`GET /api/audit/alerts`) and its CSV export (`.csv`, same filters, every matching
 * row). Each view is itself audited. The timeline of one escalation is `GET /api/alerts/:id/timeline`.
 */
@Controller('api/audit')
export class AuditAlertsController {
  private readonly querySchema: ReturnType<typeof escalationQuerySchema>;

  constructor(
    private readonly escalations: EscalationListService,
    private readonly audit: AuditReader,
    config: AppConfig,
  ) {
    this.querySchema = escalationQuerySchema(config.wards.wards.map((ward) => ward.id));
  }

  @Get('alerts')
  @RequireRole('auditor', 'admin')
  async list(@Query() query: unknown, @Req() request: Request): Promise<EscalationPage> {
    const staff = staffOf(request);
    const input = this.parse(query);
    const page = await this.escalations.page(
      filtersOf(input),
      input.page ?? 1,
      input.pageSize ?? DEFAULT_PAGE_SIZE,
    );
    await recordStaffAccess(this.audit, staff, {
      what: 'escalation list',
      query: input,
      returned: page.rows.length,
    });
    return page;
  }

  @Get('alerts.csv')
  @RequireRole('auditor', 'admin')
  async csv(
    @Query() query: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const staff = staffOf(request);
    const input = this.parse(query);
    if (input.page !== undefined || input.pageSize !== undefined)
      throw HttpError.of(
        400,
        'query.page: the CSV export has every matching row; it takes no page',
        'query.page',
      );
    const filters = filtersOf(input);
    const { rows, total } = await this.escalations.all(filters, MAX_CSV_ROWS);
    if (total > MAX_CSV_ROWS)
      throw HttpError.of(
        400,
        `query.from: ${total} escalations match, at most ${MAX_CSV_ROWS} can be exported at once: narrow the filters (from, to)`,
        'query.from',
      );
    await recordStaffAccess(this.audit, staff, {
      what: 'escalation list (CSV)',
      query: input,
      returned: rows.length,
    });
    asCsvDownload(response, `beacon-escalations-${new Date().toISOString().slice(0, 10)}.csv`);
    return escalationCsv(rows);
  }

  private parse(query: unknown): EscalationQuery {
    return parseInput(this.querySchema, query, 'query');
  }
}
