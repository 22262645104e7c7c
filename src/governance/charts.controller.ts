import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { STAFF_ROLES } from '../auth/principal';
import { RequireRole } from '../auth/require-role.decorator';
import { HttpError } from '../http/http-error';
import { parseInput } from '../http/validate-body';
import { ChartsService } from './charts.service';
import type { ChartDiffView, ChartPageView, ChartsConfigurationView } from '../contracts/charts.view';

const CHART_ID = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a chart id: lower-case letters, digits and hyphens');
const DIFF_QUERY = z.object({ from: z.string().trim().min(1).max(64), to: z.string().trim().min(1).max(64) });

/** Charts as clinicians know them: any staff may read a chart, its versions and which ward uses which. */
@Controller('api/charts')
@RequireRole(...STAFF_ROLES)
export class ChartsController {
  constructor(private readonly charts: ChartsService) {}

  @Get()
  configuration(): Promise<ChartsConfigurationView> {
    return this.charts.configuration();
  }

  @Get(':id')
  async chart(@Param('id') id: string): Promise<ChartPageView> {
    const page = await this.charts.page(parseInput(CHART_ID, id, 'id'));
    if (!page) throw HttpError.of(404, `id: no chart ${id} is loaded`);
    return page;
  }

  @Get(':id/diff')
  async diff(@Param('id') id: string, @Query() query: unknown): Promise<ChartDiffView> {
    const { from, to } = parseInput(DIFF_QUERY, query, 'query');
    const diff = await this.charts.diff(parseInput(CHART_ID, id, 'id'), from, to);
    if ('missing' in diff) throw HttpError.of(404, diff.missing);
    return diff;
  }
}
