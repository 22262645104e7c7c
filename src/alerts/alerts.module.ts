import { Module } from '@nestjs/common';
import { ClinicalRecordModule } from '../clinical-record/clinical-record.module';
import { AssessmentService } from './assessment.service';

/** Assessment of observation sets and the escalation life cycle. */
@Module({ imports: [ClinicalRecordModule], providers: [AssessmentService], exports: [AssessmentService] })
export class AlertsModule {}
