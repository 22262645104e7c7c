import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AuditAlertsController } from './audit-alerts.controller';
import { AuditEventsController } from './audit-events.controller';
import { EscalationListService } from './escalation-list.service';
import { HuddleController } from './huddle.controller';
import { HuddleService } from './huddle.service';
import { PatientChartController } from './patient-chart.controller';
import { PatientChartService } from './patient-chart.service';
import { EscalationListRepository } from './persistence/escalation-list.repository';
import { HuddleRepository } from './persistence/huddle.repository';
import { PatientChartRepository } from './persistence/patient-chart.repository';
import { TimelineRepository } from './persistence/timeline.repository';
import { TimelineService } from './timeline.service';

/**
 * Read-only views over what alerts, assessment and the audit trail recorded: the patient chart, the auditors'
 * escalation list and CSV, escalation timelines and audit events, and the coordinator's huddle. (The ward board is
 * WardBoardModule, which the gateway's BroadcastModule imports in every process.)
 */
@Module({
  imports: [AlertsModule],
  controllers: [PatientChartController, AuditAlertsController, AuditEventsController, HuddleController],
  providers: [
    TimelineRepository,
    TimelineService,
    PatientChartRepository,
    PatientChartService,
    EscalationListRepository,
    EscalationListService,
    HuddleRepository,
    HuddleService,
  ],
  exports: [TimelineService],
})
export class ReportsModule {}
