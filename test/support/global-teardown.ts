import { Redis } from 'ioredis';
import { closeRedis } from '../../src/redis/redis-connection';
import { runId, withAdmin } from './test-database';

const STALE_AFTER_SECONDS = 6 * 3600;

/** Drops this run's databases (and those of runs that crashed long ago) and this run's queue keys. */
export default async function globalTeardown(): Promise<void> {
  const id = runId();
  const now = Math.floor(Date.now() / 1000);
  await withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'beacon\\_test\\_%' ORDER BY datname DESC`,
    );
    // Databases are copies of the template: drop the copies first.
    for (const { datname } of rows) {
      const started = Number(datname.split('_')[2]);
      if (datname.startsWith(`beacon_test_${id}_`) || now - started > STALE_AFTER_SECONDS) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    }
  });
  const redis = new Redis(process.env.BEACON_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `beacon-test-${id}-*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    await closeRedis(redis);
  }
}
