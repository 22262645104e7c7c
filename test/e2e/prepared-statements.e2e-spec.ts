import { Pool, type PoolClient } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { databaseOptions } from '../../src/database/database-options';
import { preparingClient } from '../../src/database/prepared-statements';
import { shippedConfig } from '../unit/support/shipped-config';
import { createTestDatabase, dropDatabase } from '../support/test-database';

const preparedOn = async (client: PoolClient) =>
  (
    await client.query<{ name: string; statement: string }>(
      'SELECT name, statement FROM pg_prepared_statements ORDER BY name',
    )
  ).rows;

/**
 * Statements named so that each connection plans them once (src/database/prepared-statements.ts), against real
 * PostgreSQL: the same answers as unnamed statements, only statements with values are named, limits respected, and
 * errors unchanged.
 */
describe('prepared statements (real PostgreSQL)', () => {
  let database: { name: string; url: string };
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({
      connectionString: database.url,
      max: 1,
      Client: preparingClient({ maxStatements: 3, maxTextLength: 200 }),
    });
    const setUp = await pool.connect();
    await setUp.query('CREATE TABLE prepared_probe (id int PRIMARY KEY, label text NOT NULL)');
    await setUp.query(
      "INSERT INTO prepared_probe SELECT n, 'label-' || n FROM generate_series(1, 3000) AS n",
    );
    setUp.release();
  });

  afterAll(async () => {
    await pool?.end();
    if (database) await dropDatabase(database.name);
  });

  it('answers 3,000 lookups through one prepared statement exactly as the table holds them', async () => {
    const client = await pool.connect();
    try {
      const labels: string[] = [];
      for (let id = 1; id <= 3000; id += 1) {
        const { rows } = await client.query<{ label: string }>(
          'SELECT label FROM prepared_probe WHERE id = $1',
          [id],
        );
        labels.push(rows[0]?.label ?? 'missing');
      }
      const expected = (await client.query<{ label: string }>('SELECT label FROM prepared_probe ORDER BY id'))
        .rows;
      expect(labels).toEqual(expected.map((row) => row.label));
      expect(await preparedOn(client)).toEqual([
        { name: 'beacon_1', statement: 'SELECT label FROM prepared_probe WHERE id = $1' },
      ]);
    } finally {
      client.release();
    }
  });

  it('names only statements with values, up to the limit and the text length; the rest run unnamed, as before', async () => {
    const client = await pool.connect();
    try {
      // No values: the simple protocol, which allows several statements in one text (as migrations send).
      await expect(client.query('SELECT 1 AS one; SELECT 2 AS two')).resolves.toHaveLength(2);
      await client.query('SELECT count(*) FROM prepared_probe WHERE id < $1', [10]);
      const long = `SELECT count(*)::int AS n FROM prepared_probe WHERE label <> $1 ${'AND true '.repeat(20)}`;
      expect(long.length).toBeGreaterThan(200);
      expect((await client.query(long, ['none'])).rows).toEqual([{ n: 3000 }]);
      await client.query('SELECT count(*) FROM prepared_probe WHERE id > $1', [10]);
      // The limit (3) is reached: a new text still runs, unnamed.
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM prepared_probe WHERE id BETWEEN $1 AND $2',
        [1, 100],
      );
      expect(rows).toEqual([{ n: 100 }]);
      expect((await preparedOn(client)).map((row) => row.statement)).toEqual([
        'SELECT label FROM prepared_probe WHERE id = $1',
        'SELECT count(*) FROM prepared_probe WHERE id < $1',
        'SELECT count(*) FROM prepared_probe WHERE id > $1',
      ]);
    } finally {
      client.release();
    }
  });

  it('leaves errors as they were: a statement that fails to parse fails the same way again, and the connection goes on', async () => {
    const client = await pool.connect();
    try {
      const broken = 'SELECT label FROM prepared_probe WHERE id = $1 AND';
      await expect(client.query(broken, [1])).rejects.toThrow('syntax error at end of input');
      await expect(client.query(broken, [1])).rejects.toThrow('syntax error at end of input');
      const { rows } = await client.query<{ label: string }>(
        'SELECT label FROM prepared_probe WHERE id = $1',
        [7],
      );
      expect(rows).toEqual([{ label: 'label-7' }]);
    } finally {
      client.release();
    }
  });

  it('is the pool client of Beacon’s data source unless turned off, and TypeORM still reports constraint errors', async () => {
    const started = async (prepared: string) =>
      new DataSource(
        databaseOptions(
          shippedConfig({ BEACON_DATABASE_URL: database.url, BEACON_DATABASE_PREPARED_STATEMENTS: prepared }),
        ),
      ).initialize();
    const named = await started('500');
    const unnamed = await started('0');
    try {
      const preparedCount = async (dataSource: DataSource) => {
        const runner = dataSource.createQueryRunner();
        try {
          await runner.query('SELECT label FROM prepared_probe WHERE id = $1', [1]);
          const rows: { n: number }[] = await runner.query(
            'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE $1',
            ['%prepared_probe WHERE id = $1'],
          );
          return rows[0]?.n;
        } finally {
          await runner.release();
        }
      };
      expect(await preparedCount(named)).toBe(1);
      expect(await preparedCount(unnamed)).toBe(0);

      const duplicate = named.query('INSERT INTO prepared_probe (id, label) VALUES ($1, $2)', [1, 'again']);
      await expect(duplicate).rejects.toBeInstanceOf(QueryFailedError);
      await expect(duplicate).rejects.toMatchObject({ driverError: { code: '23505' } });
    } finally {
      await named.destroy();
      await unnamed.destroy();
    }
  });
});
