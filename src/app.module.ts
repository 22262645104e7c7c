import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthenticationGuard } from './auth/authentication.guard';
import type { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';
import { HealthModule } from './health/health.module';
import { OperationOutcomeFilter } from './http/operation-outcome.filter';
import { WorkerModule } from './worker.module';

/** Composition of the api process (and of the worker too when BEACON_ROLE=all). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        HealthModule,
        ...(config.runsWorker ? WorkerModule.processors() : []),
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_FILTER, useClass: OperationOutcomeFilter },
      ],
    };
  }
}
