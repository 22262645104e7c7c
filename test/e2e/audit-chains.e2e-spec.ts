import request from 'supertest';
import { verifyAuditTrail as verify } from '../support/audit-verify';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

/**
 * One hash chain per source: two EPRs writing at once do not wait for each other's commits, and a row deleted from
 * the middle of one source's chain is still found, at the next row of that chain (not the next row overall, which
 * belongs to the other EPR).
 */
describe('audit chains per source (real PostgreSQL, two EPR clients interleaved)', () => {
  let beacon: TestBeacon;
  const EVENTS_PER_CLIENT = 1500;

  beforeAll(async () => {
    const [first, second] = await Promise.all([TestEpr.create(), TestEpr.create()]);
    beacon = await startTestBeacon(
      { BEACON_ROLE: 'api' },
      { clients: [first.registration(), second.registration()] },
    );
    const tokens = await Promise.all([first.token(beacon.url), second.token(beacon.url)]);
    for (let start = 0; start < EVENTS_PER_CLIENT; start += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, offset) =>
          tokens.map(async (token, client) => {
            const response = await request(beacon.url)
              .post('/fhir/Patient')
              .set('Authorization', `Bearer ${token}`)
              .type('application/fhir+json')
              .send(JSON.stringify({ resourceType: 'Patient', id: `chains-${client}-${start + offset}` }));
            expect(response.status).toBe(201);
          }),
        ).flat(),
      );
    }
  }, 300_000);

  afterAll(async () => {
    await beacon?.close();
  });

  it('links each client in a chain of its own, and verifies all of them', async () => {
    const chains = await beacon.database.query<{ chain: string; n: number }>(
      `SELECT chain, count(*)::int AS n FROM audit_event GROUP BY chain ORDER BY chain`,
    );
    expect(chains.filter((row) => row.chain.startsWith('client:')).map((row) => row.n)).toEqual([
      EVENTS_PER_CLIENT,
      EVENTS_PER_CLIENT,
    ]);
    const result = verify(beacon.database.url);
    expect(result.stdout).toMatch(/^audit chain intact: \d+ events verified/);
    expect(result.code).toBe(0);
  });

  it('finds a row deleted from the middle of one chain at the next row of that chain', async () => {
    const [chain] = await beacon.database.query<{ chain: string }>(
      `SELECT chain FROM audit_event WHERE chain LIKE 'client:%' ORDER BY chain LIMIT 1`,
    );
    const rows = await beacon.database.query<{ id: string }>(
      `SELECT id::text AS id FROM audit_event WHERE chain = $1 ORDER BY audit_event.id`,
      [chain?.chain],
    );
    const [removed, after] = rows.slice(700, 702);
    await beacon.database.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`);
    await beacon.database.query(`DELETE FROM audit_event WHERE id = $1`, [removed?.id]);
    await beacon.database.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);

    const result = verify(beacon.database.url);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `audit chain BROKEN at event ${after?.id}: its previous hash does not match the row before it`,
    );
  });
});
