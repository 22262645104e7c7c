import { autovacuumWarning } from './preflight';

describe('autovacuumWarning: start-up says when PostgreSQL will not clean the hot tables', () => {
  it('warns when autovacuum is off, naming the tables and what to do', () => {
    const warning = autovacuumWarning('off');
    expect(warning).toContain("PostgreSQL's autovacuum is off");
    expect(warning).toContain('scoring slows down');
    expect(warning).toContain('reading, outbox and observation_set');
  });

  it('says nothing when it is on, or when the server did not say', () => {
    expect(autovacuumWarning('on')).toBeUndefined();
    expect(autovacuumWarning(undefined)).toBeUndefined();
  });
});
