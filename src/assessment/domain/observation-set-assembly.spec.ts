import type { PlacedSet, SetReading } from './observation-set-assembly';
import { assembleSet, placeReadings } from './observation-set-assembly';

const WINDOW = 10 * 60_000;
const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 2, 1, 10, minute, second));
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
  effectiveAt: at(minute),
  recordedAt: new Date(Date.UTC(2026, 2, 1, 11, 0, next)),
  panelKey,
});
const completeSet = (minute: number, heartRate: number) => [
  reading('respiratoryRate', 18, minute),
  reading('oxygenSaturation', 97, minute),
  reading('temperature', 37, minute),
  reading('systolicBP', 120, minute),
  reading('heartRate', heartRate, minute),
  reading('consciousness', 'A', minute),
];
/** The groups placement made, as lists of reading ids, in the order the readings were given. */
const groups = (readings: readonly SetReading[], placements: ReturnType<typeof placeReadings>) => {
  const byTarget = new Map<string, string[]>();
  for (const item of readings) {
    const target = placements.get(item.id);
    const key = !target ? 'unplaced' : 'setId' in target ? `set ${target.setId}` : `new ${target.newKey}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), item.id]);
  }
  return byTarget;
};
const stored = (id: string, minute: number, fields: string[], isCurrent = true): PlacedSet => ({
  id,
  key: `time:${at(minute).toISOString()}`,
  effectiveAt: at(minute),
  fields,
  isCurrent,
});

describe('placing readings into observation sets', () => {
  it('keeps four complete sets taken 10, 5 and 2 minutes apart as four sets, each at its own time', () => {
    const sets = [completeSet(0, 80), completeSet(10, 95), completeSet(15, 112), completeSet(17, 131)];
    const readings = sets.flat();
    const placed = groups(readings, placeReadings(readings, [], WINDOW));
    expect([...placed.keys()]).toEqual([
      'new time:2026-03-01T10:00:00.000Z',
      'new time:2026-03-01T10:10:00.000Z',
      'new time:2026-03-01T10:15:00.000Z',
      'new time:2026-03-01T10:17:00.000Z',
    ]);
    expect([...placed.values()]).toEqual(sets.map((set) => set.map((item) => item.id)));
  });

  it('never lets a later reading of a parameter join a set that already has that parameter', () => {
    const first = reading('heartRate', 80, 0);
    const second = reading('heartRate', 140, 3);
    const placements = placeReadings([first, second], [], WINDOW);
    expect(placements.get(first.id)).toEqual({ newKey: 'time:2026-03-01T10:00:00.000Z' });
    expect(placements.get(second.id)).toEqual({ newKey: 'time:2026-03-01T10:03:00.000Z' });
  });

  it('lets a loose reading of a missing parameter join the nearest set within the window', () => {
    const nearby = [
      stored('a', 0, ['heartRate', 'oxygenSaturation']),
      stored('b', 8, ['heartRate', 'oxygenSaturation']),
    ];
    const temperature = reading('temperature', 38.4, 6);
    expect(placeReadings([temperature], nearby, WINDOW).get(temperature.id)).toEqual({ setId: 'b' });
    const late = reading('temperature', 38.4, 19);
    expect(placeReadings([late], nearby, WINDOW).get(late.id)).toEqual({
      newKey: 'time:2026-03-01T10:19:00.000Z',
    });
  });

  it('keeps readings sent at one instant together: they join a set only if it has none of their parameters', () => {
    const nearby = [stored('a', 0, ['heartRate'])];
    const together = [reading('temperature', 37.9, 2), reading('heartRate', 101, 2)];
    const placements = placeReadings(together, nearby, WINDOW);
    expect(placements.get(together[0]!.id)).toEqual({ newKey: 'time:2026-03-01T10:02:00.000Z' });
    expect(placements.get(together[1]!.id)).toEqual({ newKey: 'time:2026-03-01T10:02:00.000Z' });
  });

  it('splits two readings of one parameter taken at the same instant into two sets', () => {
    const one = reading('heartRate', 80, 5);
    const two = reading('heartRate', 82, 5);
    const placements = placeReadings([one, two], [], WINDOW);
    expect(placements.get(one.id)).toEqual({ newKey: 'time:2026-03-01T10:05:00.000Z' });
    expect(placements.get(two.id)).toEqual({ newKey: `time:2026-03-01T10:05:00.000Z/${two.id}` });
  });

  it('puts every member of a panel in the panel set, whatever their times, and never mixes loose readings in', () => {
    const members = [reading('heartRate', 80, 0, 'p1'), reading('respiratoryRate', 16, 30, 'p1')];
    const loose = reading('temperature', 37, 0);
    const placements = placeReadings([...members, loose], [], WINDOW);
    expect(placements.get(members[0]!.id)).toEqual({ newKey: 'panel:p1' });
    expect(placements.get(members[1]!.id)).toEqual({ newKey: 'panel:p1' });
    expect(placements.get(loose.id)).toEqual({ newKey: 'time:2026-03-01T10:00:00.000Z' });
    const again = reading('oxygenSaturation', 96, 1, 'p1');
    const panel: PlacedSet = { ...stored('p', 0, ['heartRate']), key: 'panel:p1' };
    expect(placeReadings([again], [panel], WINDOW).get(again.id)).toEqual({ setId: 'p' });
  });

  it('never reopens a set whose readings were all entered in error, and never reuses its key', () => {
    const closed = stored('x', 0, [], false);
    const heartRate = reading('heartRate', 90, 0);
    expect(placeReadings([heartRate], [closed], WINDOW).get(heartRate.id)).toEqual({
      newKey: `time:2026-03-01T10:00:00.000Z/${heartRate.id}`,
    });
  });
});

describe('assembling an observation set', () => {
  it('takes one reading per parameter and the earliest time as the set time', () => {
    const members = [reading('heartRate', 80, 2), reading('temperature', 37.1, 0)];
    expect(assembleSet(members)).toEqual({
      effectiveAt: at(0),
      readings: members,
      set: { heartRate: 80, temperature: 37.1 },
    });
  });

  it('prefers the later-recorded of a corrected reading and its original', () => {
    const original = reading('heartRate', 180, 0);
    const corrected = reading('heartRate', 80, 0);
    expect(assembleSet([corrected, original])?.set).toEqual({ heartRate: 80 });
  });

  it('carries the SpO2 scale forward from an earlier set, never from a later one', () => {
    const earlier = reading('spo2Scale', 2, 0);
    const later = reading('spo2Scale', 1, 30);
    expect(assembleSet([reading('oxygenSaturation', 90, 10)], [later, earlier])?.set).toEqual({
      oxygenSaturation: 90,
      spo2Scale: 2,
    });
  });

  it('is nothing when no scorable reading is left', () => {
    expect(assembleSet([])).toBeUndefined();
    expect(assembleSet([reading('gestationalAgeDays', 200, 0)])).toBeUndefined();
  });
});
