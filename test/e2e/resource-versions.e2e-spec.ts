import type { DataSource } from 'typeorm';
import type { StoreResult } from '../../src/fhir/persistence/fhir-resource.store';
import { FhirResourceStore } from '../../src/fhir/persistence/fhir-resource.store';
import type { TestDataSource } from '../support/test-data-source';
import { openTestDataSource } from '../support/test-data-source';

const SOURCE = 'urn:beacon:test:epr';

const heartRate = (id: string, value: number, versionId?: string): fhir4.Observation => ({
  resourceType: 'Observation',
  id,
  ...(versionId ? { meta: { versionId } } : {}),
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
  effectiveDateTime: '2026-12-03T10:00:00Z',
  valueQuantity: { value, unit: '/min', system: 'http://unitsofmeasure.org', code: '/min' },
});

/**
 * Concurrent deliveries of one resource, each in its own transaction on its own connection (real PostgreSQL): the
 * keys are locked and the stored versions read in one statement, and the read must see what a delivery that held the
 * lock first committed, so the same version is stored once and new versions are numbered without a gap or a clash.
 */
describe('resource versions under concurrent delivery (real PostgreSQL)', () => {
  let testData: TestDataSource;
  let dataSource: DataSource;
  const store = new FhirResourceStore();

  beforeAll(async () => {
    testData = await openTestDataSource({ BEACON_DATABASE_POOL_SIZE: '24' });
    ({ dataSource } = testData);
  });

  afterAll(async () => {
    await testData?.close();
  });

  const deliver = (resources: fhir4.Resource[]) =>
    dataSource.transaction((manager) =>
      store.storeMany(
        manager,
        resources.map((resource) => ({
          resource,
          sourceSystem: SOURCE,
          receivedVia: 'test',
          patientId: null,
        })),
      ),
    );

  it('stores the same Observation delivered 20 times at once exactly once; the others are repeats of it', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => deliver([heartRate('hr-1', 88)])));
    const outcomes = results.map(([result]) => (result as StoreResult).outcome).sort();
    expect(outcomes).toEqual(['created', ...Array.from({ length: 19 }, () => 'repeat')]);
    const ids = new Set(results.map(([result]) => (result as StoreResult).row.id));
    expect(ids.size).toBe(1);
    const [row] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM fhir_resource WHERE source_id = 'hr-1'`,
    );
    expect(row?.n).toBe(1);
  });

  it('numbers 20 different versions delivered at once 1 to 20, one of them current', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => deliver([heartRate('hr-2', 60 + index, `v${index + 1}`)])),
    );
    expect(
      results.map(([result]) => (result as StoreResult).outcome).filter((o) => o === 'created'),
    ).toHaveLength(1);
    const rows = await dataSource.query<{ version_number: number; is_current: boolean }[]>(
      `SELECT version_number, is_current FROM fhir_resource WHERE source_id = 'hr-2' ORDER BY version_number`,
    );
    expect(rows.map((row) => row.version_number)).toEqual(
      Array.from({ length: 20 }, (_, index) => index + 1),
    );
    expect(rows.filter((row) => row.is_current)).toHaveLength(1);
  });

  it('Bundles that share resources in different orders all complete (keys are locked in one order)', async () => {
    const a = heartRate('hr-3', 70);
    const b = heartRate('hr-4', 71);
    const c = heartRate('hr-5', 72);
    const orders = [
      [a, b, c],
      [c, b, a],
      [b, a, c],
      [c, a, b],
    ];
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, index) => deliver(orders[index % orders.length] as fhir4.Resource[])),
    );
    expect(results).toHaveLength(24);
    const [row] = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM fhir_resource WHERE source_id IN ('hr-3', 'hr-4', 'hr-5')`,
    );
    expect(row?.n).toBe(3);
  });
});
