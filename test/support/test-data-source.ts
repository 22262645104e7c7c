import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { databaseOptions } from '../../src/database/database-options';
import { createTestDatabase, dropDatabase } from './test-database';

export interface TestDataSource {
  readonly dataSource: DataSource;
  /** Closes the pool and drops the database. */
  close(): Promise<void>;
}

/**
 * Beacon's own data source (its entities, pool and prepared statements, configured as `env` says) on a fresh copy
 * of the run's migrated database.
 */
export async function openTestDataSource(env: Record<string, string> = {}): Promise<TestDataSource> {
  const database = await createTestDatabase();
  const dataSource = new DataSource(
    databaseOptions(loadConfig({ ...process.env, ...env, BEACON_DATABASE_URL: database.url })),
  );
  try {
    await dataSource.initialize();
  } catch (error) {
    await dropDatabase(database.name);
    throw error;
  }
  return {
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await dropDatabase(database.name);
    },
  };
}
