import { Module } from '@nestjs/common';
import { ClinicalRecordModule } from '../clinical-record/clinical-record.module';
import { AlertPublisher, SilentAlertPublisher } from './alert.view';
import { AlertsService } from './alerts.service';
import { AlertsController } from './alerts.controller';
import { AssessmentService } from './assessment.service';
import { TimelineService } from './timeline.service';

/**
 * Assessment of observation sets and the escalation life cycle. AlertPublisher defaults to silent; the gateway
 * module overrides it to broadcast to ward screens.
 */
@Module({
  imports: [ClinicalRecordModule],
  controllers: [AlertsController],
  providers: [
    AssessmentService,
    AlertsService,
    TimelineService,
    { provide: AlertPublisher, useClass: SilentAlertPublisher },
  ],
  exports: [AssessmentService, AlertsService, TimelineService],
})
export class AlertsModule {}
