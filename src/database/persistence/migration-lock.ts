import type { DataSource } from 'typeorm';

/**
 * Runs `work` holding the migrations' advisory lock, one process at a time (several may start at once). The lock is
 * the session's: on a failure it goes when the caller destroys the DataSource.
 */
export async function underMigrationLock(dataSource: DataSource, work: () => Promise<void>): Promise<void> {
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query(`SELECT pg_advisory_lock(hashtext('beacon:migrations'))`);
    await work();
    await lock.query(`SELECT pg_advisory_unlock(hashtext('beacon:migrations'))`);
  } finally {
    await lock.release();
  }
}
