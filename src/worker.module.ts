import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { WorkerHeartbeat } from './bootstrap/worker-heartbeat';
import type { AppConfig } from './config/app-config';
import { CoreModule } from './core.module';

/** Composition of the worker process: queue processors and what they need; no HTTP, no gateway. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), ...WorkerModule.processors()],
      providers: [WorkerHeartbeat],
    };
  }

  /** Processor modules; also imported by AppModule when BEACON_ROLE=all. */
  static processors(): DynamicModule[] {
    return [];
  }
}
