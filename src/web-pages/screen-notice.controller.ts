import { Controller, Get } from '@nestjs/common';
import { RequireRole } from '../auth/require-role.decorator';
import { AppConfig } from '../config/app-config';
import type { ScreenNotice } from '../contracts/screen-notice.view';

/**
 * `GET /api/screen-notice`: for the pages that read Beacon over REST (audit, passport, chart), what their banner must
 * say. The socket screens get the same from their board snapshot.
 */
@Controller('api/screen-notice')
export class ScreenNoticeController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @RequireRole('ward-display', 'midwife', 'coordinator', 'auditor', 'admin')
  notice(): ScreenNotice {
    return {
      clinicalMode: this.config.env.BEACON_CLINICAL_MODE,
      unverifiedCharts: this.config
        .chartsInUse()
        .filter((chart) => chart.verification !== 'verified')
        .map((chart) => ({ id: chart.id, name: chart.id.toUpperCase() })),
    };
  }
}
