import type { Probe } from './support/lint-probes';
import { lintProbes } from './support/lint-probes';

const RAW_QUERY = `export async function probe(manager: { query(sql: string): Promise<unknown> }) {
  return manager.query('SELECT 1 FROM alert');
}
`;
const TYPED_QUERY = `export const probe = (db: { query<T>(sql: string, p: unknown[]): Promise<T> }) =>
  db.query<{ id: string }[]>('SELECT id FROM patient WHERE id = $1', ['x']);
`;
const QUERY_BUILDER = `export const probe = (manager: { createQueryBuilder(): unknown }) => manager.createQueryBuilder();
`;
const NO_SQL = `export const probe = (request: { query: Record<string, string> }) => request.query.ward;
`;

const PROBES: Probe[] = [
  { name: 'service query', file: 'src/alerts/probe.service.ts', source: RAW_QUERY },
  { name: 'controller typed query', file: 'src/reports/probe.controller.ts', source: TYPED_QUERY },
  { name: 'service query builder', file: 'src/prompts/probe.service.ts', source: QUERY_BUILDER },
  { name: 'gateway query', file: 'src/gateway/probe.ts', source: RAW_QUERY },
  { name: 'repository query', file: 'src/alerts/probe.repository.ts', source: RAW_QUERY },
  { name: 'store query', file: 'src/clinical-record/probe.store.ts', source: TYPED_QUERY },
  { name: 'persistence query builder', file: 'src/measures/persistence/probe.ts', source: QUERY_BUILDER },
  { name: 'migration query', file: 'src/database/migrations/1-Probe.ts', source: RAW_QUERY },
  { name: 'allow-listed file', file: 'src/probe-allow-listed/legacy.ts', source: RAW_QUERY },
  { name: 'the audit log, once allow-listed', file: 'src/audit/audit-log.ts', source: RAW_QUERY },
  { name: 'a query property, not a call', file: 'src/alerts/probe.controller.ts', source: NO_SQL },
  { name: 'a spec', file: 'src/alerts/probe.spec.ts', source: RAW_QUERY },
];

const SQL_REFUSED =
  /^beacon\/sql-in-repositories: SQL only in a \*\.repository\.ts, \*\.store\.ts or persistence\/ file/;

describe('SQL only in repositories (docs/architecture.md)', () => {
  const messages = lintProbes(PROBES);

  it.each([
    'service query',
    'controller typed query',
    'service query builder',
    'gateway query',
    'the audit log, once allow-listed',
  ])('refuses SQL in a file that is not a repository: %s', (name) => {
    expect(messages.get(name)).toEqual([expect.stringMatching(SQL_REFUSED)]);
  });

  it.each([
    'repository query',
    'store query',
    'persistence query builder',
    'migration query',
    'allow-listed file',
  ])('allows SQL where it belongs: %s', (name) => {
    expect(messages.get(name)).toEqual([]);
  });

  it('does not mistake a property named query for SQL', () => {
    expect(messages.get('a query property, not a call')).toEqual([]);
  });

  it('leaves specs alone (tests set up data with SQL)', () => {
    expect(messages.get('a spec')).toEqual([]);
  });
});
