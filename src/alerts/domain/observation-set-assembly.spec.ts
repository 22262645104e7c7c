import type { SetReading } from './observation-set-assembly';
import { collectSet, scopeForReading, scopeOfKey, setKey } from './observation-set-assembly';

const WINDOW = 10 * 60_000;
let next = 0;
const reading = (
  field: string,
  value: number | string | boolean,
  minute: number,
  panelKey: string | null = null,
): SetReading => ({
  id: String((next += 1)),
  field,
  value,
  effectiveAt: new Date(Date.UTC(2026, 2, 1, 10, minute)),
  recordedAt: new Date(Date.UTC(2026, 2, 1, 11, next)),
  panelKey,
});

describe('observation set assembly', () => {
  it('groups the readings of one panel, whatever their times', () => {
    const members = [
      reading('heartRate', 80, 0, 'p1'),
      reading('respiratoryRate', 16, 30, 'p1'),
      reading('temperature', 37, 1),
    ];
    const scope = scopeForReading(members[0]!, [], WINDOW);
    expect(scope).toEqual({ kind: 'panel', panelKey: 'p1' });
    expect(collectSet(scope, members, WINDOW)?.set).toEqual({ heartRate: 80, respiratoryRate: 16 });
  });

  it('puts a late reading into the set it was taken with (nearest anchor within the window)', () => {
    const anchor = new Date(Date.UTC(2026, 2, 1, 10, 0));
    const late = reading('temperature', 38.2, 4);
    expect(scopeForReading(late, [anchor, new Date(Date.UTC(2026, 2, 1, 12, 0))], WINDOW)).toEqual({
      kind: 'time',
      anchor,
    });
    expect(scopeForReading(reading('temperature', 38.2, 30), [anchor], WINDOW)).toEqual({
      kind: 'time',
      anchor: new Date(Date.UTC(2026, 2, 1, 10, 30)),
    });
  });

  it('keeps the later of two readings of a field, and leaves out readings outside the window or in a panel', () => {
    const scope = { kind: 'time' as const, anchor: new Date(Date.UTC(2026, 2, 1, 10, 0)) };
    const set = collectSet(
      scope,
      [
        reading('heartRate', 90, 0),
        reading('heartRate', 84, 2),
        reading('heartRate', 120, 25),
        reading('respiratoryRate', 30, 1, 'p9'),
      ],
      WINDOW,
    );
    expect(set?.set).toEqual({ heartRate: 84 });
    expect(set?.effectiveAt).toEqual(new Date(Date.UTC(2026, 2, 1, 10, 0)));
  });

  it('carries the SpO2 scale forward from an earlier set', () => {
    const scope = { kind: 'time' as const, anchor: new Date(Date.UTC(2026, 2, 1, 10, 0)) };
    const set = collectSet(scope, [reading('oxygenSaturation', 90, 0)], WINDOW, [
      reading('spo2Scale', 2, -600),
    ]);
    expect(set?.set).toEqual({ oxygenSaturation: 90, spo2Scale: 2 });
  });

  it('is empty once every reading is withdrawn, and ignores readings that are not scored', () => {
    const scope = { kind: 'time' as const, anchor: new Date(Date.UTC(2026, 2, 1, 10, 0)) };
    expect(collectSet(scope, [], WINDOW)).toBeUndefined();
    expect(collectSet(scope, [reading('carbonMonoxidePpm', 6, 0)], WINDOW)).toBeUndefined();
  });

  it('round-trips a set key', () => {
    const scope = { kind: 'time' as const, anchor: new Date(Date.UTC(2026, 2, 1, 10, 0)) };
    expect(scopeOfKey(setKey(scope))).toEqual(scope);
    expect(scopeOfKey(setKey({ kind: 'panel', panelKey: 'urn|panel|x' }))).toEqual({
      kind: 'panel',
      panelKey: 'urn|panel|x',
    });
  });
});
