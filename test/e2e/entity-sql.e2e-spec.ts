import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AlertEntity } from '../../src/alerts/persistence/alert.entity';
import { ObservationSetEntity } from '../../src/assessment/persistence/observation-set.entity';
import { AuditEventEntity } from '../../src/audit/persistence/audit-event.entity';
import { ENTITIES } from '../../src/database/entities';
import {
  entityColumns,
  entityProperties,
  insertEntities,
  updateEntity,
  updateEntityReturning,
} from '../../src/database/persistence/entity-sql';
import { createTestDatabase, dropDatabase } from '../support/test-database';

/**
 * The hot path's hand-built SQL (src/database/persistence/entity-sql.ts) against real PostgreSQL: what it writes, the
 * ORM reads back unchanged, and what it reads equals what the ORM reads, so replacing the ORM's find, insert and
 * update on the hot path changed no value.
 */
describe('entity SQL: hand-built inserts, reads and updates agree with the ORM (real PostgreSQL)', () => {
  let database: { name: string; url: string };
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({
      type: 'postgres',
      url: database.url,
      entities: ENTITIES,
    }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    if (database) await dropDatabase(database.name);
  });

  it('writes 12,000 audit events in order, nulls and nested JSON intact, across statements of at most 65,535 values', async () => {
    const base = Date.parse('2026-12-01T00:00:00Z');
    const rows = Array.from({ length: 12_000 }, (_, index) => ({
      occurredAt: new Date(base + index * 1000),
      recordedAt: new Date(base + index * 1000 + 7),
      type: index % 3 === 0 ? 'observation.received' : 'set.scored',
      actorType: 'system',
      actorId: `actor-${index % 17}`,
      patientId: index % 5 === 0 ? null : randomUUID(),
      alertId: null,
      resourceId: index % 2 === 0 ? randomUUID() : null,
      wardId: index % 4 === 0 ? null : 'maternity-a',
      details: { sequence: index, readings: [index, `${index}`], nested: { quote: `it's "${index}"` } },
      chain: 'entity-sql',
      prevHash: String(index).padStart(64, '0'),
      hash: String(index + 1).padStart(64, '0'),
    }));
    // 13 columns: 5,041 rows fit in one statement, so these take three.
    await insertEntities(dataSource.manager, AuditEventEntity, rows);

    const stored = await dataSource.manager.find(AuditEventEntity, {
      where: { chain: 'entity-sql' },
      order: { id: 'ASC' },
    });
    expect(stored).toHaveLength(rows.length);
    expect(stored.map(({ id: _id, ...row }) => row)).toEqual(rows);
  });

  it('a set written with a default left out answers its id, and reads back through entityColumns as the ORM reads it', async () => {
    const patientId = randomUUID();
    const values = {
      patientId,
      setKey: 'panel|bed-3',
      effectiveAt: new Date('2026-12-02T10:15:00Z'),
      wardId: null,
      patientGroup: 'antenatal',
      groupAssumed: false,
      chartId: 'mews',
      chartVersion: '2024-01',
      chartVerification: 'unverified',
      readings: [{ field: 'heartRate', value: 121, readingId: '7', effectiveAt: '2026-12-02T10:15:00.000Z' }],
      result: { total: 3, parameters: [{ field: 'heartRate', score: 2 }] },
      total: 3,
      clinicalRisk: 'low-medium',
      escalate: false,
      responseLevel: 'increased',
      complete: true,
      isCurrent: true,
      scoredAt: new Date('2026-12-02T10:15:01.250Z'),
    } as unknown as Partial<ObservationSetEntity>;
    const [inserted] = await insertEntities(dataSource.manager, ObservationSetEntity, [values], ['id']);
    const id = (inserted as { id: string }).id;

    const byOrm = await dataSource.manager.findOneByOrFail(ObservationSetEntity, { id });
    expect(byOrm).toMatchObject({ ...values, timesScored: 1 });
    const [byHand] = await dataSource.query<ObservationSetEntity[]>(
      `SELECT ${entityColumns(dataSource.manager, ObservationSetEntity, 's')} FROM observation_set s WHERE s.id = $1`,
      [id],
    );
    expect(byHand).toEqual({ ...byOrm });
  });

  it('a whole row comes back from an insert and from an update that counts, as the ORM then reads it', async () => {
    const values = {
      patientId: randomUUID(),
      setKey: 'time:2026-12-02T12:00:00.000Z',
      effectiveAt: new Date('2026-12-02T12:00:00Z'),
      wardId: 'maternity-a',
      patientGroup: 'postnatal',
      groupAssumed: true,
      chartId: 'mews',
      chartVersion: '2024-01',
      chartVerification: 'unverified',
      readings: [
        { field: 'temperature', value: 38.4, readingId: '9', effectiveAt: '2026-12-02T12:00:00.000Z' },
      ],
      result: { total: 2, parameters: [{ field: 'temperature', score: 2 }] },
      total: 2,
      clinicalRisk: 'low',
      escalate: false,
      responseLevel: 'increased',
      complete: false,
      isCurrent: true,
      scoredAt: new Date('2026-12-02T12:00:01.500Z'),
    } as unknown as Partial<ObservationSetEntity>;
    const [inserted] = await insertEntities(
      dataSource.manager,
      ObservationSetEntity,
      [values],
      entityProperties(dataSource.manager, ObservationSetEntity),
    );
    const id = (inserted as ObservationSetEntity).id;
    expect(inserted).toEqual({ ...(await dataSource.manager.findOneByOrFail(ObservationSetEntity, { id })) });

    const rescored = await updateEntityReturning(
      dataSource.manager,
      ObservationSetEntity,
      id,
      {
        ...values,
        total: 3,
        result: { total: 3, parameters: [] },
      } as unknown as Partial<ObservationSetEntity>,
      'timesScored',
    );
    const byOrm = await dataSource.manager.findOneByOrFail(ObservationSetEntity, { id });
    expect(byOrm).toMatchObject({ id, total: 3, timesScored: 2, result: { total: 3, parameters: [] } });
    expect(rescored).toEqual({ ...byOrm });
    await expect(
      updateEntityReturning(
        dataSource.manager,
        ObservationSetEntity,
        randomUUID(),
        { total: 1 },
        'timesScored',
      ),
    ).resolves.toBeNull();
  });

  it('updateEntity changes the properties it is given and no other, JSON included', async () => {
    const row = dataSource.manager.create(AlertEntity, {
      patientId: randomUUID(),
      wardId: 'maternity-a',
      kind: 'deterioration',
      state: 'raised',
      level: 'urgent',
      severity: 2,
      clinicalRisk: 'medium',
      title: 'MEWS 5',
      detail: { total: 5 },
      raisedAt: new Date('2026-12-02T11:00:00Z'),
      updatedAt: new Date('2026-12-02T11:00:00Z'),
      nextEscalationAt: new Date('2026-12-02T11:15:00Z'),
    });
    await dataSource.manager.insert(AlertEntity, row);
    const before = await dataSource.manager.findOneByOrFail(AlertEntity, { id: row.id });

    const acknowledgedAt = new Date('2026-12-02T11:03:00Z');
    await updateEntity(dataSource.manager, AlertEntity, row.id, {
      state: 'acknowledged',
      acknowledgedAt,
      acknowledgedBy: 'midwife-1',
      detail: { total: 5, worsened: [6, 7] },
      nextEscalationAt: null,
    });

    const after = await dataSource.manager.findOneByOrFail(AlertEntity, { id: row.id });
    expect(after).toEqual({
      ...before,
      state: 'acknowledged',
      acknowledgedAt,
      acknowledgedBy: 'midwife-1',
      detail: { total: 5, worsened: [6, 7] },
      nextEscalationAt: null,
    });
    const [byHand] = await dataSource.query<AlertEntity[]>(
      `SELECT ${entityColumns(dataSource.manager, AlertEntity, 'a')} FROM alert a WHERE a.id = $1`,
      [row.id],
    );
    expect(byHand).toEqual({ ...after });
  });

  it('a property the entity does not have is an error naming it, and nothing is written', async () => {
    const before = await dataSource.manager.count(AuditEventEntity);
    await expect(
      insertEntities(dataSource.manager, AuditEventEntity, [{ notAColumn: 1 } as Partial<AuditEventEntity>]),
    ).rejects.toThrow('audit_event has no column for notAColumn');
    expect(await dataSource.manager.count(AuditEventEntity)).toBe(before);
  });
});
