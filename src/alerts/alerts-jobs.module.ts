import { Module } from '@nestjs/common';
import { AlertsModule } from './alerts.module';
import { AssessPatientProcessor } from './jobs/assess-patient.processor';

/** Worker side of alerts: assessing patients, escalating unacknowledged alerts, watching for overdue observations. */
@Module({ imports: [AlertsModule], providers: [AssessPatientProcessor] })
export class AlertsJobsModule {}
