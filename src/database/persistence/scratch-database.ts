import type { ClientBase } from 'pg';

/** Databases of their own for `npm run demo` and `npm run bench`, on a connection to the configured server. */
export async function recreateDatabaseOn(client: Pick<ClientBase, 'query'>, name: string): Promise<void> {
  await dropDatabaseOn(client, name);
  await client.query(`CREATE DATABASE ${name}`);
}

export async function dropDatabaseOn(client: Pick<ClientBase, 'query'>, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** Takes the session lock that says this connection's process uses scratch database `name`; false when another has it. */
export async function tryClaimOn(client: Pick<ClientBase, 'query'>, name: string): Promise<boolean> {
  const { rows } = await client.query<{ claimed: boolean }>(
    'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS claimed',
    [`beacon:scratch:${name}`],
  );
  return Boolean(rows[0]?.claimed);
}
