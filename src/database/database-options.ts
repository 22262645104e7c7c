import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { preparingClient } from './prepared-statements';

/** Texts longer than this (multi-row inserts of hundreds of rows) are sent unnamed. */
const MAX_PREPARED_TEXT_LENGTH = 16_384;

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
      ...(config.env.BEACON_DATABASE_PREPARED_STATEMENTS > 0
        ? {
            Client: preparingClient({
              maxStatements: config.env.BEACON_DATABASE_PREPARED_STATEMENTS,
              maxTextLength: MAX_PREPARED_TEXT_LENGTH,
            }),
          }
        : {}),
    },
    ...overrides,
  } as DataSourceOptions;
}
