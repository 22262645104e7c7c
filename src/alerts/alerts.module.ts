import { Module } from '@nestjs/common';
import { HuddleController } from './huddle.controller';
import { HuddleService } from './huddle.service';
import { ClinicalRecordModule } from '../clinical-record/clinical-record.module';
import { FhirModule } from '../fhir/fhir.module';
import { AlertsService } from './alerts.service';
import { AlertsController } from './alerts.controller';
import { AssessmentModule } from '../assessment/assessment.module';
import { AuditAlertsController } from './audit-alerts.controller';
import { EscalationListService } from './escalation-list.service';
import { PatientChartController } from './patient-chart.controller';
import { PatientChartService } from './patient-chart.service';
import { TimelineService } from './timeline.service';
import { PathwayRecordReader } from './pathway-record.reader';
import { PromptOutcomesService } from './prompt-outcomes.service';
import { PromptsService } from './prompts.service';
import { PassportService } from './passport.service';
import { PromptsController } from './prompts.controller';

/**
 * The escalation life cycle (deciding alerts from the sets AssessmentModule scores). Its AlertPublisher port is filled by the global
 * BroadcastModule (src/gateway), which every composition imports.
 */
@Module({
  imports: [ClinicalRecordModule, FhirModule, AssessmentModule],
  controllers: [
    AlertsController,
    PatientChartController,
    AuditAlertsController,
    PromptsController,
    HuddleController,
  ],
  providers: [
    AlertsService,
    TimelineService,
    PatientChartService,
    EscalationListService,
    PathwayRecordReader,
    PromptsService,
    PromptOutcomesService,
    PassportService,
    HuddleService,
  ],
  exports: [AssessmentModule, AlertsService, TimelineService, PromptsService, PromptOutcomesService],
})
export class AlertsModule {}
