import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AuditAlertsController } from './audit-alerts.controller';
import { AuditEventsController } from './audit-events.controller';
import { EscalationListService } from './escalation-list.service';
import { HuddleController } from './huddle.controller';
import { HuddleService } from './huddle.service';
import { PatientChartController } from './patient-chart.controller';
import { PatientChartService } from './patient-chart.service';
import { TimelineService } from './timeline.service';

/**
 * Read-only views over what alerts, assessment and the audit trail recorded: the patient chart, the auditors'
 * escalation list and CSV, escalation timelines and audit events, and the coordinator's huddle. (The ward board is
 * WardBoardModule, which the gateway's BroadcastModule imports in every process.)
 */
@Module({
  imports: [AlertsModule],
  controllers: [PatientChartController, AuditAlertsController, AuditEventsController, HuddleController],
  providers: [TimelineService, PatientChartService, EscalationListService, HuddleService],
  exports: [TimelineService],
})
export class ReportsModule {}
