import type { BedTile, BoardChart } from '../../../src/contracts/events';
import {
  ago as lastSetAgo,
  dueOf,
  elapsed,
  humanise,
  riskOf,
  stopwatch,
  trendOf,
} from '../../../web/src/shared/format';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();

const MEWS: BoardChart = {
  id: 'mews',
  name: 'MEWS',
  title: 'MEWS',
  version: '0.1',
  verification: 'unverified',
  riskLevels: [
    { id: 'low', label: 'Low', colour: '#2e7d32', escalate: false },
    { id: 'medium', label: 'Escalate', colour: '#ef6c00', escalate: true },
    { id: 'high', label: 'High', colour: '#c62828', escalate: true },
  ],
};

describe('screen formatting', () => {
  it('says how long ago at a glance', () => {
    expect(elapsed(ago(30), NOW)).toBe('just now');
    expect(elapsed(ago(4 * 60 + 59), NOW)).toBe('4 min');
    expect(elapsed(ago(2 * 3600 + 5 * 60), NOW)).toBe('2 h 05 min');
    expect(elapsed(ago(3 * 86400 + 4 * 3600), NOW)).toBe('3 d 4 h');
    expect(elapsed(new Date(NOW + 60_000).toISOString(), NOW)).toBe('just now');
  });

  it('reads as a sentence after "Last set" (never "just now ago")', () => {
    expect(lastSetAgo(ago(30), NOW)).toBe('just now');
    expect(lastSetAgo(ago(4 * 60), NOW)).toBe('4 min ago');
  });

  it('shows an alert’s waiting time as a stopwatch', () => {
    expect(stopwatch(ago(7), NOW)).toBe('0:07');
    expect(stopwatch(ago(12 * 60 + 7), NOW)).toBe('12:07');
    expect(stopwatch(ago(3600 + 2 * 60 + 7), NOW)).toBe('1:02:07');
  });

  it('gives each risk level its label, colour and a shape, so colour is never the only cue', () => {
    expect(riskOf([MEWS], 'mews', 'low')).toMatchObject({ label: 'Low', symbol: '●', escalate: false });
    expect(riskOf([MEWS], 'mews', 'medium')).toMatchObject({
      label: 'Escalate',
      symbol: '▲',
      colour: '#ef6c00',
    });
    expect(riskOf([MEWS], 'mews', 'high')).toMatchObject({ label: 'High', symbol: '◆', escalate: true });
    expect(riskOf([MEWS], 'newtt2', 'high')).toMatchObject({ label: 'high', symbol: '○', rank: -1 });
  });

  it('describes the trend and when the next set is due', () => {
    const tile = {
      trend: 'worse',
      previousTotal: 1,
      overdue: false,
      nextDueAt: new Date(NOW + 25 * 60_000).toISOString(),
    } as BedTile;
    expect(trendOf(tile)).toEqual({ symbol: '↑', text: 'worse (was 1)' });
    expect(dueOf(tile, NOW)).toEqual({ text: 'Due in 25 min', overdue: false });
    expect(dueOf({ ...tile, nextDueAt: ago(10 * 60) }, NOW)).toEqual({
      text: 'Due 10 min ago',
      overdue: true,
    });
    expect(dueOf({ ...tile, overdue: true }, NOW)).toEqual({ text: 'Observations overdue', overdue: true });
    expect(dueOf({ ...tile, nextDueAt: null }, NOW)).toBeNull();
  });

  it('turns ids into words', () => {
    expect(humanise('urgent-review')).toBe('Urgent review');
    expect(humanise('not_required')).toBe('Not required');
  });
});
