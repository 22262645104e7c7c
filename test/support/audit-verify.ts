import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** npm run audit:verify against a test's database, exactly as documented. */
export function verifyAuditTrail(databaseUrl: string): { code: number | null; stdout: string } {
  const result = spawnSync('npm', ['run', '--silent', 'audit:verify'], {
    cwd: ROOT,
    env: { ...process.env, BEACON_DATABASE_URL: databaseUrl },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout };
}
