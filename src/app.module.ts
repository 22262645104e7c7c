import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AlertsModule } from './alerts/alerts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { FhirHttpModule } from './fhir/fhir-http.module';
import { BroadcastModule } from './gateway/broadcast.module';
import { GatewayModule } from './gateway/gateway.module';
import { GovernanceModule } from './governance/governance.module';
import { HealthModule } from './health/health.module';
import { MeasuresModule } from './measures/measures.module';
import { OperationOutcomeFilter } from './http/operation-outcome.filter';
import { PromptsModule } from './prompts/prompts.module';
import { ReportsModule } from './reports/reports.module';
import { WebPagesModule } from './web-pages/web-pages.module';
import { WorkerModule } from './worker.module';

/** Composition of the api process (and of the worker too when BEACON_ROLE=all). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        AuditModule,
        AuthModule,
        HealthModule,
        FhirHttpModule,
        BroadcastModule,
        AlertsModule,
        PromptsModule,
        ReportsModule,
        GatewayModule,
        MeasuresModule,
        GovernanceModule,
        WebPagesModule,
        ...(config.runsWorker ? WorkerModule.processors() : []),
      ],
      providers: [{ provide: APP_FILTER, useClass: OperationOutcomeFilter }],
    };
  }
}
