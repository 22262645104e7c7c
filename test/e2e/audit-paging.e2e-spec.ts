import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../src/audit/audit-log';
import type { AuditRow } from '../../src/audit/audit-reader';
import { verifyChain } from '../../src/audit/audit-reader';
import { staffToken } from '../support/clinical';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
/** More than one page of /api/audit/events (1,000) and past every power of ten where text order differs. */
const EVENTS = 3_200;

describe('audit verification and paging on a trail of thousands of events (real PostgreSQL)', () => {
  let beacon: TestBeacon;
  let auditor: string;

  beforeAll(async () => {
    beacon = await startTestBeacon({ BEACON_ROLE: 'api' });
    auditor = await staffToken('auditor');
    const auditLog = beacon.app.get(AuditLog);
    const dataSource = beacon.app.get(DataSource);
    // Appended in transactions of 400, as intake appends them: a real chain, nothing forged.
    for (let start = 0; start < EVENTS; start += 400) {
      await dataSource.transaction((manager) =>
        auditLog.append(
          manager,
          Array.from({ length: 400 }, (_, offset) => ({
            type: 'resource.received',
            actor: { type: 'client', id: 'paging-epr' },
            wardId: (start + offset) % 2 === 0 ? 'maternity-a' : 'transitional-care',
            details: { sequence: start + offset },
          })),
        ),
      );
    }
  });

  afterAll(async () => {
    await beacon?.close();
  });

  it('npm run audit:verify finds the untouched chain intact, every event checked', () => {
    const result = spawnSync('npm', ['run', '--silent', 'audit:verify'], {
      cwd: ROOT,
      env: { ...process.env, BEACON_DATABASE_URL: beacon.database.url },
      encoding: 'utf8',
    });
    expect(result.stdout).toBe(`audit chain intact: ${EVENTS} events verified\n`);
    expect(result.status).toBe(0);
  });

  it('verifyChain in small batches checks every event once, in numeric order', async () => {
    const seen: string[] = [];
    const result = await verifyChain(async (sql, parameters) => {
      const rows = await beacon.database.query<AuditRow>(sql, parameters);
      seen.push(...rows.map((row) => row.id));
      return rows;
    }, 97);
    expect(result).toEqual({ checked: EVENTS });
    expect(seen).toEqual(Array.from({ length: EVENTS }, (_, index) => String(index + 1)));
  });

  it('GET /api/audit/events pages through every event with `after`, none skipped or repeated', async () => {
    const ids: string[] = [];
    let after: string | null = '0';
    let pages = 0;
    while (after !== null && pages < 10) {
      const response = await request(beacon.url)
        .get('/api/audit/events')
        .query({ after, ward: 'maternity-a' })
        .set('Authorization', `Bearer ${auditor}`);
      expect(response.status).toBe(200);
      const body = response.body as { events: { id: string; wardId: string }[]; next: string | null };
      expect(body.events.every((event) => event.wardId === 'maternity-a')).toBe(true);
      ids.push(...body.events.map((event) => event.id));
      after = body.next;
      pages += 1;
    }
    // Events 1, 3, 5, … were for maternity-a (sequence 0, 2, 4, …).
    expect(ids).toEqual(Array.from({ length: EVENTS / 2 }, (_, index) => String(index * 2 + 1)));
    expect(pages).toBe(2);
  });

  it('refuses an unknown query parameter with a 400 naming it (a misspelt filter must not widen the answer)', async () => {
    const response = await request(beacon.url)
      .get('/api/audit/events')
      .query({ wards: 'maternity-a' })
      .set('Authorization', `Bearer ${auditor}`);
    expect(response.status).toBe(400);
    const outcome = JSON.parse(response.text) as { issue: { expression?: string[]; diagnostics: string }[] };
    expect(outcome.issue.map((issue) => issue.diagnostics).join(' ')).toMatch(/wards/);
  });

  it('refuses an `after` cursor beyond any event id with a 400, not a database error', async () => {
    const response = await request(beacon.url)
      .get('/api/audit/events')
      .query({ after: '99999999999999999999' })
      .set('Authorization', `Bearer ${auditor}`);
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/query\.after/);
  });
});
