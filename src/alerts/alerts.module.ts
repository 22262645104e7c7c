import { Module } from '@nestjs/common';
import { AssessmentModule } from '../assessment/assessment.module';
import { ClinicalRecordModule } from '../clinical-record/clinical-record.module';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

/**
 * The escalation life cycle (deciding alerts from the sets AssessmentModule scores). Its AlertPublisher port is filled
 * by the global BroadcastModule (src/gateway), which every composition imports.
 */
@Module({
  imports: [ClinicalRecordModule, AssessmentModule],
  controllers: [AlertsController],
  providers: [AlertsService],
  exports: [AssessmentModule, AlertsService],
})
export class AlertsModule {}
