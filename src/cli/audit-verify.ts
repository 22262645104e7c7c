/**
 * npm run audit:verify — recomputes the audit trail's hash chain from the first event to the last and reports the
 * first broken link (an altered, deleted, inserted or reordered row). Exit 0 when intact, 1 when broken.
 */
import { Client } from 'pg';
import { verifyChain } from '../audit/audit-reader';
import { auditQueryOn } from '../audit/persistence/audit-event.repository';
import { loadConfig } from '../config/app-config';

async function main(): Promise<number> {
  const config = loadConfig();
  const client = new Client({ connectionString: config.env.BEACON_DATABASE_URL });
  await client.connect();
  try {
    const result = await verifyChain(auditQueryOn(client));
    if (result.brokenAt) {
      process.stdout.write(
        `audit chain BROKEN at event ${result.brokenAt.id}: ${result.brokenAt.reason} (${result.checked} events before it verified)\n`,
      );
      return 1;
    }
    process.stdout.write(`audit chain intact: ${result.checked} events verified\n`);
    return 0;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`audit:verify: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
