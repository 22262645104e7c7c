import request from 'supertest';
import { verifyAuditTrail as verify } from '../support/audit-verify';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

describe('the audit trail is append-only and tamper-evident (real PostgreSQL)', () => {
  let beacon: TestBeacon;

  beforeAll(async () => {
    const epr = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'api' }, { clients: [epr.registration()] });
    const token = await epr.token(beacon.url);
    for (const id of ['audit-1', 'audit-2', 'audit-3']) {
      const response = await request(beacon.url)
        .post('/fhir/Patient')
        .set('Authorization', `Bearer ${token}`)
        .type('application/fhir+json')
        .send(JSON.stringify({ resourceType: 'Patient', id }));
      expect(response.status).toBe(201);
    }
  });

  afterAll(async () => {
    await beacon?.close();
  });

  it('verifies an untouched chain', () => {
    const result = verify(beacon.database.url);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^audit chain intact: \d+ events verified/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE even for the role Beacon uses (the table owner)', async () => {
    await expect(beacon.database.query(`UPDATE audit_event SET details = '{}'`)).rejects.toThrow(
      /append-only: UPDATE is not allowed/,
    );
    await expect(beacon.database.query(`DELETE FROM audit_event`)).rejects.toThrow(
      /append-only: DELETE is not allowed/,
    );
    await expect(beacon.database.query(`TRUNCATE audit_event`)).rejects.toThrow(
      /append-only: TRUNCATE is not allowed/,
    );
  });

  it('detects a row altered with the protection lifted, and names it', async () => {
    const [victim] = await beacon.database.query<{ id: string }>(
      `SELECT id::text AS id FROM audit_event ORDER BY id LIMIT 1 OFFSET 1`,
    );
    await beacon.database.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`);
    await beacon.database.query(
      `UPDATE audit_event SET details = jsonb_set(details, '{outcome}', '"edited"') WHERE id = $1`,
      [victim?.id],
    );
    await beacon.database.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);

    const result = verify(beacon.database.url);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `audit chain BROKEN at event ${victim?.id}: its content does not match its hash`,
    );
  });
});

describe('a deleted audit row (real PostgreSQL)', () => {
  let beacon: TestBeacon;

  beforeAll(async () => {
    const epr = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'api' }, { clients: [epr.registration()] });
    const token = await epr.token(beacon.url);
    for (const id of ['gap-1', 'gap-2', 'gap-3']) {
      await request(beacon.url)
        .post('/fhir/Patient')
        .set('Authorization', `Bearer ${token}`)
        .type('application/fhir+json')
        .send(JSON.stringify({ resourceType: 'Patient', id }));
    }
  });

  afterAll(async () => {
    await beacon?.close();
  });

  it('is detected at the row after the gap', async () => {
    const rows = await beacon.database.query<{ id: string }>(
      `SELECT id::text AS id FROM audit_event ORDER BY id`,
    );
    const [removed, after] = rows.slice(-2);
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
