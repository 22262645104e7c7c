import { Controller, Get, Header, Query, Req, Res } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';
import { staffOf } from '../auth/principal';
import { RequireRole } from '../auth/require-role.decorator';
import { AppConfig } from '../config/app-config';
import { asCsvDownload } from '../http/csv-download';
import { parseInput } from '../http/validate-body';
import { MeasuresService } from './measures.service';
import type { MeasuresQuery } from './measures-query';
import { measuresQuerySchema, monthRange } from './measures-query';
import type { MeasuresView } from '../contracts/measures.view';

/**
 * The unit's quality-improvement measures (`GET /api/measures`) and their CSV (`.csv`), for auditors, coordinators
 * and admins: counts are aggregated per ward and month, with fewer than 5 shown as "< 5". Each computation and each
 * export is recorded in the audit trail.
 */
@Controller('api')
export class MeasuresController {
  private readonly querySchema: ReturnType<typeof measuresQuerySchema>;

  constructor(
    private readonly measures: MeasuresService,
    config: AppConfig,
  ) {
    this.querySchema = measuresQuerySchema(config.wards.wards.map((ward) => ward.id));
  }

  @Get('measures')
  @RequireRole('auditor', 'coordinator', 'admin')
  @Header('Cache-Control', 'no-store')
  async list(@Query() query: unknown, @Req() request: Request): Promise<MeasuresView> {
    const staff = staffOf(request);
    const input = parseInput(this.querySchema, query, 'query');
    const view = await this.compute(input);
    await this.measures.recordRun({ type: 'user', id: staff.userId }, 'computed', {
      query: input,
      role: staff.role,
    });
    return view;
  }

  @Get('measures.csv')
  @RequireRole('auditor', 'coordinator', 'admin')
  async csv(
    @Query() query: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const staff = staffOf(request);
    const input = parseInput(this.querySchema, query, 'query');
    const view = await this.compute(input);
    await this.measures.recordRun({ type: 'user', id: staff.userId }, 'exported', {
      format: 'csv',
      query: input,
      role: staff.role,
    });
    asCsvDownload(response, `beacon-measures-${view.from}-to-${view.to}.csv`);
    return measuresCsv(view);
  }

  private compute(input: MeasuresQuery): Promise<MeasuresView> {
    const { from, to } = monthRange(input, Date.now());
    return this.measures.compute(from, to, input.ward);
  }
}

const CSV_HEADER = [
  'measure_id',
  'measure_version',
  'title',
  'ward',
  'period',
  'numerator',
  'denominator',
  'value',
  'shown',
  'suppressed',
  'mean',
  'lower_limit',
  'upper_limit',
  'signals',
];

/** One row per measure, ward and month (RFC 4180 quoting by csv-stringify); suppressed figures left empty. */
export function measuresCsv(view: MeasuresView): string {
  const rows = view.measures.flatMap(({ definition, series }) =>
    series.flatMap((s) =>
      s.points.map((point) => [
        definition.id,
        definition.version,
        definition.title,
        s.ward,
        point.period,
        point.numerator,
        point.denominator,
        point.value,
        point.display,
        point.suppressed,
        point.mean,
        point.lowerLimit,
        point.upperLimit,
        point.signals.join(' '),
      ]),
    ),
  );
  return stringify([CSV_HEADER, ...rows], { cast: { boolean: (value) => (value ? 'true' : 'false') } });
}
