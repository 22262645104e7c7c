import type { DynamicModule, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { WorkerHeartbeat } from './bootstrap/worker-heartbeat';
import type { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { BroadcastModule } from './gateway/broadcast.module';
import { FhirJobsModule } from './fhir/fhir-jobs.module';
import { AlertsJobsModule } from './alerts/jobs/alerts-jobs.module';
import { AssessmentJobsModule } from './assessment/jobs/assessment-jobs.module';
import { PromptsJobsModule } from './prompts/jobs/prompts-jobs.module';

/** Composition of the worker process: queue processors and what they need; no HTTP, no socket server (it sends to the ward screens through the socket cluster). */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), AuditModule, BroadcastModule, ...WorkerModule.processors()],
      providers: [WorkerHeartbeat],
    };
  }

  /** Processor modules; also imported by AppModule when BEACON_ROLE=all. */
  static processors(): Type[] {
    return [FhirJobsModule, AssessmentJobsModule, AlertsJobsModule, PromptsJobsModule];
  }
}
