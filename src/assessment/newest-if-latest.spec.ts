import type { AssessedSet } from './assessment.service';
import { newestIfLatest } from './assessment.service';
import type { ObservationSetEntity } from './persistence/observation-set.entity';

const at = (iso: string) => new Date(iso);
const stored = (id: string, effectiveAt: string) =>
  ({ setId: id, effectiveAt: at(effectiveAt), row: { id } as ObservationSetEntity }) as AssessedSet;

describe('newestIfLatest: her newest set after an assessment, only when certain without reading it again', () => {
  it('is the newest set stored when it was taken after every set she had before', () => {
    const sets = [stored('a', '2026-12-03T10:00:00Z'), stored('b', '2026-12-03T10:05:00Z')];
    expect(newestIfLatest(sets, at('2026-12-03T09:00:00Z'))?.id).toBe('b');
    expect(newestIfLatest(sets, null)?.id).toBe('b');
  });

  it('is left to the query when a set she had before is as new or newer (a late arrival, a re-scored older set)', () => {
    const sets = [stored('a', '2026-12-03T10:00:00Z')];
    expect(newestIfLatest(sets, at('2026-12-03T10:00:00Z'))).toBeUndefined();
    expect(newestIfLatest(sets, at('2026-12-03T11:00:00Z'))).toBeUndefined();
  });

  it('is left to the query when two stored sets share the newest time (the table orders them by time scored)', () => {
    const sets = [stored('a', '2026-12-03T10:05:00Z'), stored('b', '2026-12-03T10:05:00Z')];
    expect(newestIfLatest(sets, null)).toBeUndefined();
  });

  it('is left to the query when nothing was stored', () => {
    expect(newestIfLatest([], null)).toBeUndefined();
  });
});
