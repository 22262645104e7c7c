import type { DataSource } from 'typeorm';

/** PostgreSQL's `autovacuum` setting as the server reports it ('on' or 'off'). */
export async function autovacuumSetting(dataSource: DataSource): Promise<string | undefined> {
  const [row] = await dataSource.query<{ autovacuum: string }[]>('SHOW autovacuum');
  return row?.autovacuum;
}
