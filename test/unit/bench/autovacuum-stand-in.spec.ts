import { autovacuumWork } from '../../../bench/autovacuum-stand-in';

/**
 * The bench's stand-in for autovacuum decides as autovacuum does with PostgreSQL's default settings
 * (autovacuum_vacuum_threshold 50, _scale_factor 0.2; _insert_threshold 1000, _insert_scale_factor 0.2;
 * autovacuum_analyze_threshold 50, _scale_factor 0.1).
 */
describe('autovacuum stand-in: what autovacuum would do to a table', () => {
  const table = (activity: Partial<Parameters<typeof autovacuumWork>[0]>) => ({
    relname: 'reading',
    live: 10_000,
    dead: 0,
    insertedSinceVacuum: 0,
    modifiedSinceAnalyze: 0,
    ...activity,
  });

  it('vacuums a table once its dead rows pass 50 + 20 % of its live rows', () => {
    expect(autovacuumWork(table({ dead: 2050 }))).toBe('none');
    expect(autovacuumWork(table({ dead: 2051 }))).toBe('vacuum');
    expect(autovacuumWork(table({ live: 0, dead: 51 }))).toBe('vacuum');
  });

  it('vacuums an insert-only table once its inserts pass 1,000 + 20 % of its live rows', () => {
    expect(autovacuumWork(table({ insertedSinceVacuum: 3000 }))).toBe('none');
    expect(autovacuumWork(table({ insertedSinceVacuum: 3001 }))).toBe('vacuum');
  });

  it('analyses a table once its changed rows pass 50 + 10 % of its live rows', () => {
    expect(autovacuumWork(table({ modifiedSinceAnalyze: 1050 }))).toBe('none');
    expect(autovacuumWork(table({ modifiedSinceAnalyze: 1051 }))).toBe('analyze');
  });

  it('leaves a quiet table alone', () => {
    expect(autovacuumWork(table({ dead: 10, insertedSinceVacuum: 10, modifiedSinceAnalyze: 10 }))).toBe(
      'none',
    );
  });
});
