import { Module } from '@nestjs/common';
import { HuddleController } from './huddle.controller';
import { HuddleService } from './huddle.service';
import { ClinicalRecordModule } from '../clinical-record/clinical-record.module';
import { FhirModule } from '../fhir/fhir.module';
import { AlertsService } from './alerts.service';
import { AlertsController } from './alerts.controller';
import { AssessmentService } from './assessment.service';
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
 * Assessment of observation sets and the escalation life cycle. Its AlertPublisher port is filled by the global
 * BroadcastModule (src/gateway), which every composition imports.
 */
@Module({
  imports: [ClinicalRecordModule, FhirModule],
  controllers: [
    AlertsController,
    PatientChartController,
    AuditAlertsController,
    PromptsController,
    HuddleController,
  ],
  providers: [
    AssessmentService,
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
  exports: [AssessmentService, AlertsService, TimelineService, PromptsService, PromptOutcomesService],
})
export class AlertsModule {}
