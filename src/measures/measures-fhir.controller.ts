import { Controller, Get, Header, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { principalOf } from '../auth/principal';
import { RequireScope } from '../auth/require-scope.decorator';
import { AppConfig } from '../config/app-config';
import { HttpError } from '../http/http-error';
import { parseInput } from '../http/validate-body';
import { MEASURES } from './domain/catalogue';
import { monthOf } from './domain/compute';
import { measureReport, measureResource, measureUrl } from './measures-fhir';
import { measureReportQuerySchema } from './measures-query';
import { MeasuresService } from './measures.service';

const searchset = <T extends fhir4.FhirResource>(
  resources: readonly T[],
  publicUrl: string,
): fhir4.Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  total: resources.length,
  entry: resources.map((resource) => ({
    fullUrl: `${publicUrl}/fhir/${resource.resourceType}/${resource.id ?? ''}`,
    resource,
    search: { mode: 'match' },
  })),
});

/**
 * The measures for a regional dashboard: `GET /fhir/Measure` (every measure Beacon computes) and
 * `GET /fhir/MeasureReport?measure=…&period=YYYY-MM` (a summary report for the unit and each ward). EPR-style client
 * tokens with SMART system scopes (system/Measure.s, system/MeasureReport.s); every report read is audited (M-31).
 */
@Controller('fhir')
export class MeasuresFhirController {
  constructor(
    private readonly measures: MeasuresService,
    private readonly config: AppConfig,
  ) {}

  @Get('Measure')
  @RequireScope('Measure', 's')
  @Header('Content-Type', 'application/fhir+json')
  list(): fhir4.Bundle {
    const publicUrl = this.config.env.BEACON_PUBLIC_URL;
    return searchset(
      MEASURES.map((measure) => measureResource(measure, publicUrl)),
      publicUrl,
    );
  }

  @Get('MeasureReport')
  @RequireScope('MeasureReport', 's')
  @Header('Content-Type', 'application/fhir+json')
  async reports(@Query() query: unknown, @Req() request: Request): Promise<fhir4.Bundle> {
    const publicUrl = this.config.env.BEACON_PUBLIC_URL;
    const input = parseInput(measureReportQuerySchema, query, 'query');
    const wanted = input.measure.split('|')[0] ?? '';
    const measure = MEASURES.find((m) => m.id === wanted || measureUrl(publicUrl, m.id) === wanted);
    if (!measure)
      throw HttpError.of(
        400,
        `query.measure: no measure "${input.measure}" (GET /fhir/Measure lists them)`,
        'query.measure',
      );
    const view = await this.measures.compute(input.period, input.period);
    const computed = view.measures.find((m) => m.definition.id === measure.id);
    const principal = principalOf(request);
    await this.measures.recordRun(
      { type: 'client', id: principal?.kind === 'client' ? principal.clientId : 'unknown' },
      'exported',
      { format: 'fhir', measure: measure.id, period: input.period },
    );
    const options = { publicUrl, computedAt: view.computedAt, currentMonth: monthOf(Date.now()) };
    return searchset(
      (computed?.series ?? []).map((series) => measureReport(measure, series, input.period, options)),
      publicUrl,
    );
  }
}
