import { duration } from '../../../web/src/audit/audit-format';
import { apiQueryOf, pageHref, startOfDay } from '../../../web/src/audit/query';

describe('the audit list address → the API query', () => {
  it('drops empty fields, keeps the filters and turns a day range into instants (end day inclusive)', () => {
    const query = apiQueryOf(
      new URLSearchParams('q=+bed+3+&ward=&late=true&from=2026-03-01&to=2026-03-02&page=2&kind=concern'),
    );
    expect(Object.fromEntries(query)).toEqual({
      q: 'bed 3',
      late: 'true',
      kind: 'concern',
      from: new Date(2026, 2, 1).toISOString(),
      to: new Date(2026, 2, 3).toISOString(),
      page: '2',
    });
  });

  it('asks the CSV export for every matching row (no page)', () => {
    expect(apiQueryOf(new URLSearchParams('late=true&page=3'), true).toString()).toBe('late=true');
  });

  it('passes a value that is not a day through, so the API names the field', () => {
    expect(apiQueryOf(new URLSearchParams('from=yesterday')).get('from')).toBe('yesterday');
    expect(startOfDay('2026-02-30x')).toBeUndefined();
  });

  it('links other pages with the same filters', () => {
    const filters = new URLSearchParams('late=true&page=2');
    expect(pageHref(filters, 3)).toBe('/audit/alerts?late=true&page=3');
    expect(pageHref(filters, 1)).toBe('/audit/alerts?late=true');
  });
});

describe('durations for auditors', () => {
  it.each([
    [null, '—'],
    [0.44, '0.4 s'],
    [42.4, '42 s'],
    [245, '4 min 05 s'],
    [7380, '2 h 03 min'],
    [273600, '3 d 4 h'],
    [-3, '−3 s'],
  ])('%s s reads %s', (seconds, text) => {
    expect(duration(seconds)).toBe(text);
  });
});
