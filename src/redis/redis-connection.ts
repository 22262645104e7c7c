import type { RedisOptions } from 'ioredis';

/**
 * Reconnect at most 2 s apart. The default exponential backoff (up to 20 s for BullMQ) leaves connections waiting
 * long after Redis is back: work resumes late, and a worker closing in that state hangs until the timer fires.
 */
export const redisRetryStrategy = (attempt: number): number => Math.min(attempt * 250, 2000);

/** ioredis options from a redis:// or rediss:// URL. */
export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    db: Number.isInteger(db) ? db : 0,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * Closes a connection without leaving timers behind (ioredis' disconnect() keeps a 2 s timer alive): QUIT when
 * connected, nothing when already ended, a hard disconnect otherwise.
 */
export async function closeRedis(redis: {
  status: string;
  quit(): Promise<unknown>;
  disconnect(): void;
}): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
