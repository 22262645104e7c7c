import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { ClinicalRecordModule } from '../clinical-record/clinical-record.module';
import { AlertBroadcast } from './alert-broadcast';
import { AlertsController } from './alerts.controller';
import { AlertDecisions } from './alert-decisions.service';
import { AlertRepository } from './alert.repository';
import { AlertTimers } from './alert-timers.service';
import { AlertViews } from './alert-views';
import { AlertsService } from './alerts.service';
import { OverdueAlerts } from './overdue-alerts';
import { StaffCommands } from './staff-commands.service';

/**
 * The escalation life cycle (deciding alerts from the sets AssessmentModule scores). Its AlertPublisher port is filled
 * by the global BroadcastModule (src/gateway), which every composition imports.
 */
@Module({
  imports: [ClinicalRecordModule, AssessmentModule],
  controllers: [AlertsController],
  providers: [
    AlertRepository,
    AlertViews,
    AlertBroadcast,
    AlertsService,
    AlertDecisions,
    StaffCommands,
    AlertTimers,
    OverdueAlerts,
  ],
  exports: [
    AssessmentModule,
    AlertRepository,
    AlertViews,
    AlertsService,
    AlertDecisions,
    StaffCommands,
    AlertTimers,
  ],
})
export class AlertsModule {}
