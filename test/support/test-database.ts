import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL server tests use; the beacon role needs CREATEDB (scripts/ensure-services.sh grants it). */
export const ADMIN_DATABASE_URL =
  process.env.BEACON_TEST_DATABASE_URL ?? 'postgres://beacon:beacon@127.0.0.1:5432/beacon';

export function runId(): string {
  const id = process.env.BEACON_TEST_RUN_ID;
  if (!id) throw new Error('BEACON_TEST_RUN_ID is not set: run e2e tests through jest.e2e.config.js');
  return id;
}

export function templateDatabase(): string {
  return `beacon_test_${runId()}_tpl`;
}

export function databaseUrl(database: string, base = ADMIN_DATABASE_URL): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(
  work: (client: Client) => Promise<T>,
  base = ADMIN_DATABASE_URL,
): Promise<T> {
  const client = new Client({ connectionString: base });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database copied from the run's migrated template: isolated from every other test file. */
export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `beacon_test_${runId()}_${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateDatabase()}"`));
  return { name, url: databaseUrl(name) };
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export function queuePrefix(): string {
  return `beacon-test-${runId()}-${randomBytes(3).toString('hex')}`;
}
