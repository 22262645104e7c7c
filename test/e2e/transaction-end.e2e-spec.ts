import fc from 'fast-check';
import type { AuditEntry } from '../../src/audit/audit.types';
import { Transactions } from '../../src/database/unit-of-work';
import { outboxMessage } from '../../src/queue/outbox';
import { JobName } from '../../src/queue/queue.constants';
import { verifyAuditTrail as verify } from '../support/audit-verify';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';

/**
 * A transaction's outbox rows and audit entries travel with its COMMIT, their values written into the text as
 * literals (CommitStatement). Text an EPR or a user chose reaches both: quotes, backslashes, dollar quoting, statement
 * separators and any Unicode must arrive exactly as sent, in a chain that verifies, and a transaction that fails
 * must leave neither.
 */
const TRANSACTIONS = 320;
const ENTRIES_PER_TRANSACTION = 8;
/** Transactions appending to the one chain at once (TRANSACTIONS is a multiple). */
const AT_ONCE = 8;
const CHAIN_CLIENT = 'literal-epr';

const NASTY = [
  "'",
  "''",
  '\\',
  "\\'",
  "E'\\x00'",
  '$$',
  '$beacon$ COMMIT; $beacon$',
  "'); DELETE FROM audit_event; --",
  ';\nCOMMIT;\nBEGIN',
  '"prevHash":"',
  '\u2028\u2029',
  '👶🏽',
  'Ünïcödé ✓',
  '\t\r\n',
];

/** Text PostgreSQL can hold (no NUL; no lone surrogate, which no UTF-8 text can carry). */
const storableText = fc
  .string({ unit: 'grapheme', maxLength: 40 })
  .filter((text) => !text.includes('\u0000'));

function entries(texts: readonly string[], first: number): AuditEntry[] {
  return texts.map((text, offset) => ({
    type: 'resource.received',
    actor: { type: 'client', id: CHAIN_CLIENT },
    wardId: 'maternity-a',
    details: { sequence: first + offset, text, nested: { [text || 'empty']: [text, first + offset] } },
  }));
}

describe('outbox rows and audit entries sent with the COMMIT (real PostgreSQL, hostile text)', () => {
  let beacon: TestBeacon;
  const sent = new Map<number, AuditEntry>();
  const payloads = new Map<string, Date>();

  beforeAll(async () => {
    beacon = await startTestBeacon({ BEACON_ROLE: 'api' });
    await beacon.database.query(
      `CREATE FUNCTION test_refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'refused at commit'; END $$`,
    );
    const transactions = beacon.app.get(Transactions);
    const texts = [
      ...NASTY,
      ...fc.sample(storableText, {
        numRuns: TRANSACTIONS * ENTRIES_PER_TRANSACTION - NASTY.length,
        seed: 20261203,
      }),
    ];
    const later = Date.parse('2099-01-01T00:00:00.000Z');
    for (let start = 0; start < TRANSACTIONS; start += AT_ONCE) {
      await Promise.all(
        Array.from({ length: AT_ONCE }, async (_, offset) => {
          const index = start + offset;
          const first = index * ENTRIES_PER_TRANSACTION;
          const batch = entries(texts.slice(first, first + ENTRIES_PER_TRANSACTION), first);
          batch.forEach((entry, position) => sent.set(first + position, entry));
          const patientId = `${texts[index] ?? ''}#${index}`;
          const runAt = new Date(later + index * 1001);
          payloads.set(patientId, runAt);
          await transactions.run((_manager, unit) => {
            unit.audit.push(...batch);
            unit.messages.push(outboxMessage(JobName.CheckPrompts, { patientId }, runAt));
            return Promise.resolve();
          });
        }),
      );
    }
  }, 300_000);

  afterAll(async () => {
    await beacon?.close();
  });

  it('stores every entry’s details exactly as sent, in one chain that verifies', async () => {
    const rows = await beacon.database.query<{ details: { sequence: number } }>(
      `SELECT details FROM audit_event WHERE actor_id = $1 ORDER BY id`,
      [CHAIN_CLIENT],
    );
    expect(rows).toHaveLength(TRANSACTIONS * ENTRIES_PER_TRANSACTION);
    for (const row of rows) expect(row.details).toEqual(sent.get(row.details.sequence)?.details);
    const result = verify(beacon.database.url);
    expect(result.stdout).toMatch(/^audit chain intact: \d+ events verified/);
    expect(result.code).toBe(0);
  });

  it('stores every outbox row’s payload and time as sent', async () => {
    const rows = await beacon.database.query<{ payload: { patientId: string }; run_at: Date }>(
      `SELECT payload, run_at FROM outbox WHERE topic = $1`,
      [JobName.CheckPrompts],
    );
    const stored = new Map(rows.map((row) => [row.payload.patientId, row.run_at.toISOString()]));
    expect(stored.size).toBe(TRANSACTIONS);
    for (const [patientId, runAt] of payloads) expect(stored.get(patientId)).toBe(runAt.toISOString());
  });

  it('leaves nothing of a transaction whose work failed, nor of one whose COMMIT failed', async () => {
    const transactions = beacon.app.get(Transactions);
    const countOf = async () =>
      (
        await beacon.database.query<{ events: number; rows: number }>(
          `SELECT (SELECT count(*)::int FROM audit_event) AS events, (SELECT count(*)::int FROM outbox) AS rows`,
        )
      )[0];
    const before = await countOf();
    await expect(
      transactions.run(async (manager, unit) => {
        unit.audit.push(...entries(["it's refused"], -1));
        unit.messages.push(outboxMessage(JobName.CheckPrompts, { patientId: 'refused' }));
        await manager.query('SELECT 1');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    // A deferred check fails at COMMIT, after the outbox insert and the append in the same message.
    await expect(
      transactions.run(async (manager, unit) => {
        unit.audit.push(...entries(['commit fails'], -2));
        unit.messages.push(outboxMessage(JobName.CheckPrompts, { patientId: 'commit fails' }));
        await manager.query(`CREATE TEMP TABLE must_be_empty (id int) ON COMMIT DROP`);
        await manager.query(
          `CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON must_be_empty DEFERRABLE INITIALLY DEFERRED
           FOR EACH ROW EXECUTE FUNCTION test_refuse_at_commit()`,
        );
        await manager.query(`INSERT INTO must_be_empty VALUES (1)`);
      }),
    ).rejects.toThrow(/refused at commit/);
    expect(await countOf()).toEqual(before);
  });
});
