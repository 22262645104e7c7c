import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function databaseOptions(
  config: AppConfig,
  overrides: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.env.BEACON_DATABASE_URL,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    logging: ['error'],
    applicationName: `beacon-${config.role}`,
    extra: {
      max: config.env.BEACON_DATABASE_POOL_SIZE,
      connectionTimeoutMillis: config.env.BEACON_DATABASE_CONNECTION_TIMEOUT_MS,
      // Clinical rows must survive a crash once acknowledged: never asynchronous commit.
      options: '-c synchronous_commit=on',
    },
    ...overrides,
  } as DataSourceOptions;
}
