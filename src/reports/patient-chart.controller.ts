import { Controller, Get, Param, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { maySeeWard, principalOf } from '../auth/principal';
import { RequireRole } from '../auth/require-role.decorator';
import { HttpError } from '../http/http-error';
import { parseInput } from '../http/validate-body';
import { PatientChartService } from './patient-chart.service';
import type { PatientChart } from '../contracts/patient-chart.view';

const PARAMS = z.object({ id: z.uuid() });

/** A patient's observation chart (the /patient/:id page). Thin: the service reads, the ward rules decide. */
@Controller('api/patients')
export class PatientChartController {
  constructor(private readonly charts: PatientChartService) {}

  @Get(':id/chart')
  @RequireRole('ward-display', 'midwife', 'coordinator', 'auditor', 'admin')
  async chart(@Param() params: unknown, @Req() request: Request): Promise<PatientChart> {
    const { id } = parseInput(PARAMS, params, 'path');
    const staff = principalOf(request);
    if (staff?.kind !== 'staff') throw HttpError.of(403, 'this needs a staff token');
    const patient = await this.charts.wardOf(id);
    if (!patient) throw HttpError.of(404, `patient ${id} does not exist`);
    if (!maySeeWard(staff, patient.wardId))
      throw HttpError.of(403, `you may not see ward ${patient.wardId ?? 'unassigned'}`);
    const chart = await this.charts.chart(id);
    if (!chart) throw HttpError.of(404, `patient ${id} does not exist`);
    return chart;
  }
}
