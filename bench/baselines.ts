import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { LatencySummary } from './latency';
import { LatencyRecorder } from './latency';

const ROUND_TRIPS = 2000;
const COMMITS = 300;

export interface Machine {
  readonly node: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly loadAverage: readonly number[];
  readonly redis: string;
  readonly postgres: string;
  /** PostgreSQL's autovacuum ('off' on CI's machines): without it the hot tables bloat as a long run goes on. */
  readonly postgresAutovacuum: string;
  readonly redisPid: number | null;
}

export interface ServiceBaselines {
  /** One PING at a time, after a warm-up. */
  readonly redisPing: LatencySummary;
  /** `SELECT 1`, one at a time. */
  readonly postgresSelect: LatencySummary;
  /** One-row INSERT in its own transaction: a round trip plus the WAL flush a committed clinical row costs. */
  readonly postgresCommit: LatencySummary;
}

async function timed(times: number, once: () => Promise<unknown>): Promise<LatencySummary> {
  for (let i = 0; i < Math.min(100, times); i += 1) await once();
  const recorder = new LatencyRecorder();
  for (let i = 0; i < times; i += 1) {
    const start = performance.now();
    await once();
    recorder.record(performance.now() - start);
  }
  return recorder.summary();
}

/** Versions and round-trip floors of Redis and PostgreSQL, measured now on this machine. */
export async function measureServices(
  redisUrl: string,
  databaseUrl: string,
): Promise<{ machine: Machine; baselines: ServiceBaselines }> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const pg = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  try {
    await redis.connect();
    await pg.connect();
    const info = await redis.info('server');
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
    const postgres = (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0]
      ?.server_version;
    const autovacuum = (await pg.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0]?.autovacuum;
    const redisPing = await timed(ROUND_TRIPS, () => redis.ping());
    const postgresSelect = await timed(ROUND_TRIPS, () => pg.query('SELECT 1'));
    await pg.query(
      'CREATE TABLE bench_commit_probe (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())',
    );
    const postgresCommit = await timed(COMMITS, () =>
      pg.query('INSERT INTO bench_commit_probe DEFAULT VALUES'),
    );
    await pg.query('DROP TABLE bench_commit_probe');
    const redisPid = Number(field('process_id'));
    return {
      machine: {
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
        redis: field('redis_version') ?? 'unknown',
        postgres: postgres ?? 'unknown',
        postgresAutovacuum: autovacuum ?? 'unknown',
        redisPid: Number.isInteger(redisPid) && redisPid > 0 ? redisPid : null,
      },
      baselines: { redisPing, postgresSelect, postgresCommit },
    };
  } finally {
    redis.disconnect();
    await pg.end();
  }
}
