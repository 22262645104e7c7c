import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../src/database/migrations';
import type { TestDataSource } from '../support/test-data-source';
import { openTestDataSource } from '../support/test-data-source';

describe('database schema', () => {
  let testData: TestDataSource;
  let dataSource: DataSource;

  beforeAll(async () => {
    testData = await openTestDataSource();
    ({ dataSource } = testData);
  });

  afterAll(async () => {
    await testData?.close();
  });

  it('has every migration applied', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
    const applied = await dataSource.query<{ name: string }[]>(
      'SELECT name FROM schema_migration ORDER BY id',
    );
    expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
  });

  it('agrees with the entities: a generated migration would be empty', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});
