import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/app-config';
import { clinicalSafetyProblems, securityProblems } from '../config/clinical-safety';
import { databaseOptions } from '../database/database-options';
import { underMigrationLock } from '../database/persistence/migration-lock';
import { autovacuumSetting } from '../database/persistence/server-settings';
import { assertChartsSignedOff } from '../governance/chart-sign-off';
import { recordConfigurationIfChanged } from '../governance/configuration-history';
import { closeRedis } from '../redis/redis-connection';

const START_SERVICES =
  'On Debian run `sudo bash scripts/ensure-services.sh` (installs and starts PostgreSQL and Redis and creates the beacon role), ' +
  'or with Docker run `docker compose up -d postgres redis`. See README.md, "Running Beacon".';

export class DependencyError extends Error {
  override readonly name = 'DependencyError';
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function reason(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(reason).join('; ');
  if (error instanceof Error) return (error as Error & { code?: string }).code ?? error.message;
  return String(error);
}

/**
 * Refuses to start on a clinical-safety problem (live mode with an unverified chart, a malformed chart, a chart for
 * the wrong patients) or an unsafe setting, listing every reason at once.
 */
export function assertClinicallySafe(config: AppConfig): void {
  const problems = [...clinicalSafetyProblems(config), ...securityProblems(config)];
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
}

export async function assertRedisReachable(config: AppConfig): Promise<void> {
  const url = config.env.BEACON_REDIS_URL;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let cause: unknown;
  redis.on('error', (error) => (cause = error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new DependencyError(
      `Redis is not reachable at ${redact(url)} (${reason(cause ?? error)}). ${START_SERVICES}`,
    );
  } finally {
    await closeRedis(redis);
  }
}

/**
 * Connects to PostgreSQL, applies pending migrations (one process at a time, under an advisory lock), refuses charts
 * edited after sign-off (and, in live mode, unsigned charts in use) and records the clinical configuration in force.
 */
export async function migrateDatabase(config: AppConfig): Promise<void> {
  const url = config.env.BEACON_DATABASE_URL;
  const dataSource = new DataSource(
    databaseOptions(config, { extra: { max: 2, connectionTimeoutMillis: 3000 } }),
  );
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new DependencyError(
      `PostgreSQL is not reachable at ${redact(url)} (${reason(error)}). ${START_SERVICES}`,
    );
  }
  try {
    await underMigrationLock(dataSource, async () => {
      await dataSource.runMigrations({ transaction: 'each' });
      await assertChartsSignedOff(dataSource.manager, config);
      await recordConfigurationIfChanged(dataSource.manager, config);
    });
    const warning = autovacuumWarning(await autovacuumSetting(dataSource));
    if (warning) process.stderr.write(`${warning}\n`);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * What Beacon says at start-up about PostgreSQL's `autovacuum` setting (undefined: nothing to say). Every reading is
 * written and then updated when its set is scored, so without vacuuming the hot tables fill with dead rows and every
 * assessment reads more of them: scoring slows down hour by hour (hazard log H23).
 */
export function autovacuumWarning(setting: string | undefined): string | undefined {
  if (setting !== 'off') return undefined;
  return (
    "Beacon: warning: PostgreSQL's autovacuum is off. Readings are updated when they are scored, so without vacuuming " +
    'their tables fill with dead rows and scoring slows down as the hours pass. Turn autovacuum on, or vacuum the ' +
    'reading, outbox and observation_set tables on a schedule (docs/performance.md).'
  );
}

export async function preflight(config: AppConfig): Promise<void> {
  assertClinicallySafe(config);
  await assertRedisReachable(config);
  await migrateDatabase(config);
}
