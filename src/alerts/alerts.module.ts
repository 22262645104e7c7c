import { Module } from '@nestjs/common';
import { ClinicalRecordModule } from '../clinical-record/clinical-record.module';
import { AlertsService } from './alerts.service';
import { AlertsController } from './alerts.controller';
import { AssessmentService } from './assessment.service';
import { TimelineService } from './timeline.service';

/**
 * Assessment of observation sets and the escalation life cycle. Its AlertPublisher port is filled by the global
 * BroadcastModule (src/gateway), which every composition imports.
 */
@Module({
  imports: [ClinicalRecordModule],
  controllers: [AlertsController],
  providers: [AssessmentService, AlertsService, TimelineService],
  exports: [AssessmentService, AlertsService, TimelineService],
})
export class AlertsModule {}
