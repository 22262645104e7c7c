import { claimScratchEnvironment } from '../../src/cli/scratch-environment';
import { ADMIN_DATABASE_URL, runId } from '../support/test-database';

/**
 * `npm run bench` and `npm run demo` recreate a scratch database: a second run on the same name must be refused
 * while the first holds it, instead of dropping the first one's database from under it (real PostgreSQL).
 */
describe('scratch environment claims (real PostgreSQL)', () => {
  const name = `beacon_test_${runId()}_claim`;

  it('refuses a second claim on the same scratch database until the first is released', async () => {
    const first = await claimScratchEnvironment(ADMIN_DATABASE_URL, name);
    try {
      await expect(claimScratchEnvironment(ADMIN_DATABASE_URL, name)).rejects.toThrow(
        `another bench or demo is using the scratch database ${name}`,
      );
      const other = await claimScratchEnvironment(ADMIN_DATABASE_URL, `${name}_other`);
      await other.release();
    } finally {
      await first.release();
    }
    const again = await claimScratchEnvironment(ADMIN_DATABASE_URL, name);
    await again.release();
  });

  it('says PostgreSQL is not reachable when it is not', async () => {
    const unreachable = new URL(ADMIN_DATABASE_URL);
    unreachable.port = '1';
    await expect(claimScratchEnvironment(unreachable.toString(), name)).rejects.toThrow(
      'PostgreSQL is not reachable',
    );
  });
});
