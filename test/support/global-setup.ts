import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/app-config';
import { databaseOptions } from '../../src/database/database-options';
import { databaseUrl, templateDatabase, withAdmin } from './test-database';

/** Creates this run's template database and applies every migration to it once. */
export default async function globalSetup(): Promise<void> {
  process.env.BEACON_TEST_RUN_ID ??= `${Math.floor(Date.now() / 1000)}_${randomBytes(3).toString('hex')}`;
  const template = templateDatabase();
  await withAdmin((client) => client.query(`CREATE DATABASE "${template}"`));
  const config = loadConfig({ ...process.env, BEACON_DATABASE_URL: databaseUrl(template) });
  const dataSource = new DataSource(databaseOptions(config));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}
