import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { databaseOptions } from './database-options';
import { Transactions } from './unit-of-work';

/**
 * PostgreSQL through TypeORM, and the one unit of work every feature's transactions run in. Migrations are applied
 * before the application starts (bootstrap/preflight.ts).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ ...databaseOptions(config), retryAttempts: 3, retryDelay: 1000 }),
    }),
  ],
  providers: [Transactions],
  exports: [Transactions],
})
export class DatabaseModule {}
