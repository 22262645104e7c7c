import type { ClientBase } from 'pg';

/** Databases of their own for `npm run demo` and `npm run bench`, on a connection to the configured server. */
export async function recreateDatabaseOn(client: Pick<ClientBase, 'query'>, name: string): Promise<void> {
  await dropDatabaseOn(client, name);
  await client.query(`CREATE DATABASE ${name}`);
}

export async function dropDatabaseOn(client: Pick<ClientBase, 'query'>, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
