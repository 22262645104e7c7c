// A throw-away Beacon environment next to the configured one, for `npm run demo` and `npm run bench`: a fresh
// database, a queue prefix with nothing left in Redis, and a free loopback port.
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { dropDatabaseOn, recreateDatabaseOn, tryClaimOn } from '../database/persistence/scratch-database';
import { closeRedis } from '../redis/redis-connection';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A scratch environment this process holds: no other bench or demo may recreate it until it is released. */
export interface ScratchClaim {
  release(): Promise<void>;
}

/**
 * Claims scratch database `name` (and the queue prefix that goes with it) for this process, with a PostgreSQL
 * session lock held until release or exit. A second bench or demo on the same name would otherwise drop the
 * database from under the first one.
 */
export async function claimScratchEnvironment(configuredUrl: string, name: string): Promise<ScratchClaim> {
  const client = await connectTo(configuredUrl);
  try {
    if (!(await tryClaimOn(client, name)))
      throw new Error(
        `another bench or demo is using the scratch database ${name}: let it finish, or give this run its own ` +
          '--database and --queue-prefix',
      );
  } catch (error) {
    await client.end();
    throw error;
  }
  return { release: () => client.end() };
}

async function connectTo(configuredUrl: string): Promise<Client> {
  const client = new Client({ connectionString: configuredUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${new URL(configuredUrl).host} (${(error as Error).message}). ` +
        'Run `bash scripts/ensure-services.sh` (npm run demo does) or `docker compose up -d postgres redis`.',
      { cause: error },
    );
  }
  return client;
}

/** Drops and creates database `name` next to the configured one (the beacon role may create databases); its URL. */
export async function recreateDatabase(configuredUrl: string, name: string): Promise<string> {
  const client = await connectTo(configuredUrl);
  try {
    await recreateDatabaseOn(client, name);
  } finally {
    await client.end();
  }
  const url = new URL(configuredUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops database `name` next to the configured one, if it exists. */
export async function dropDatabase(configuredUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: configuredUrl, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await dropDatabaseOn(client, name);
  } finally {
    await client.end();
  }
}

/** Forgets the queue, timers and screen state an earlier run left in Redis under `prefix` (they point at a dropped database). */
export async function clearQueueState(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await closeRedis(redis);
  }
}
