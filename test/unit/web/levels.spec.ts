import type { AlertView, BedTile, BoardChart } from '../../../src/contracts/events';
import {
  alertLook,
  attendance,
  chartsInUse,
  gridFor,
  inkOn,
  stepNumber,
  tileState,
} from '../../../web/src/shared/levels';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

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
const NEWTT2: BoardChart = { ...MEWS, id: 'newtt2', name: 'NEWTT2' };

const tile = (overrides: Partial<BedTile> = {}): BedTile => ({
  patientId: 'p-7',
  wardId: 'maternity-a',
  bed: 'Bed 7',
  initials: 'AB',
  group: 'antenatal',
  chartId: 'mews',
  latest: {
    setId: 's-1',
    effectiveAt: minutesAgo(331),
    total: 0,
    clinicalRisk: 'low',
    escalate: false,
    complete: true,
    missing: [],
    concern: false,
  },
  previousTotal: null,
  trend: null,
  nextDueAt: minutesAgo(91),
  overdue: false,
  unscoredSince: null,
  ...overrides,
});

const alert = (overrides: Partial<AlertView> = {}): AlertView => ({
  id: 'a-1',
  kind: 'deterioration',
  state: 'raised',
  wardId: 'maternity-a',
  patient: { id: 'p-7', initials: 'AB', bed: 'Bed 7' },
  title: 'MEWS 9: high risk',
  level: 'emergency-review',
  severity: 0,
  clinicalRisk: 'high',
  chart: { id: 'mews', version: '0.1', verification: 'unverified' },
  response: null,
  total: 9,
  improved: false,
  escalation: { step: 0, withRole: 'Midwife in charge', nextAt: null },
  raisedAt: minutesAgo(1),
  acknowledged: null,
  responded: null,
  closed: null,
  setId: 's-2',
  prompt: null,
  updatedAt: minutesAgo(1),
  ...overrides,
});

describe('levels on the screens', () => {
  it('gives each level its own fill, shape and word', () => {
    const high = alertLook(alert(), [MEWS]);
    const concern = alertLook(alert({ kind: 'concern', clinicalRisk: null, total: null }), [MEWS]);
    const overdue = alertLook(alert({ kind: 'overdue', clinicalRisk: null, total: null }), [MEWS]);
    expect(high).toMatchObject({ word: 'High', shape: '◆', fill: '#c62828' });
    expect(concern).toMatchObject({ word: 'Concern', shape: '✚' });
    expect(overdue).toMatchObject({ word: 'Obs overdue', shape: '◷' });
    const looks = [high, concern, overdue];
    for (const part of ['word', 'shape', 'fill'] as const)
      expect(new Set(looks.map((look) => look[part])).size).toBe(3);
  });

  it('writes black or white, whichever reads better on the fill', () => {
    expect(inkOn('#c62828')).toBe('#ffffff');
    expect(inkOn('#f9a825')).toBe('#000000');
    expect(inkOn('#ffffff')).toBe('#000000');
    expect(inkOn('#000000')).toBe('#ffffff');
  });

  it('shows an overdue tile as the time since its last set, never its old score or "Low"', () => {
    const state = tileState(
      tile(),
      [alert({ kind: 'overdue', severity: 40, clinicalRisk: null, total: null })],
      [MEWS],
      NOW,
    );
    expect(state).toMatchObject({ kind: 'alert', headline: '5 h 31 min', look: { word: 'Obs overdue' } });
    // Flagged overdue before its alert reached this screen: still overdue.
    expect(tileState(tile({ overdue: true }), [], [MEWS], NOW)).toMatchObject({
      kind: 'alert',
      headline: '5 h 31 min',
    });
  });

  it("shows the patient's worst open state: a high score before a concern before overdue observations", () => {
    const alerts = [
      alert({ id: 'o', kind: 'overdue', severity: 40, clinicalRisk: null, total: null }),
      alert({ id: 'c', kind: 'concern', severity: 2, clinicalRisk: null, total: null }),
      alert({ id: 'd', severity: 0 }),
      alert({ id: 'x', patient: { id: 'someone-else', initials: 'ZZ', bed: 'Bed 1' }, severity: -1 }),
    ];
    expect(tileState(tile(), alerts, [MEWS], NOW)).toMatchObject({ headline: '9', alert: { id: 'd' } });
    expect(tileState(tile(), alerts.slice(0, 2), [MEWS], NOW)).toMatchObject({ headline: 'Concern' });
    expect(tileState(tile({ nextDueAt: null }), [], [MEWS], NOW)).toEqual({ kind: 'score' });
    expect(tileState(tile({ latest: null, nextDueAt: null }), [], [MEWS], NOW)).toEqual({ kind: 'none' });
  });

  it('keeps the level of an acknowledged alert and says who is attending', () => {
    const attending = alert({
      state: 'attending',
      acknowledged: { by: 'Midwife Ada', at: minutesAgo(1), device: null },
      responded: { response: 'attending', reason: null, at: minutesAgo(0), by: 'Midwife Ada' },
    });
    expect(tileState(tile(), [attending], [MEWS], NOW)).toMatchObject({
      look: { word: 'High', fill: '#c62828' },
    });
    expect(attendance(attending)).toBe('Attending: Midwife Ada');
    expect(
      attendance(
        alert({ state: 'acknowledged', acknowledged: { by: 'Kay', at: NOW.toString(), device: null } }),
      ),
    ).toBe('Acknowledged by Kay');
    expect(attendance(alert())).toBe('Not acknowledged');
  });

  it('numbers escalation steps from 1', () => {
    expect(stepNumber(0)).toBe(1);
    expect(stepNumber(2)).toBe(3);
  });

  it("names only the charts the ward's patients are scored on", () => {
    const babies = [tile({ chartId: 'newtt2' })];
    expect(chartsInUse([MEWS, NEWTT2], babies, []).map((chart) => chart.name)).toEqual(['NEWTT2']);
    expect(chartsInUse([MEWS, NEWTT2], [], []).map((chart) => chart.name)).toEqual(['MEWS', 'NEWTT2']);
  });

  it('fills the bed area for 6 to 40 beds', () => {
    expect(gridFor(6)).toEqual({ columns: 3, rows: 2 });
    expect(gridFor(12)).toEqual({ columns: 5, rows: 3 });
    expect(gridFor(40)).toEqual({ columns: 8, rows: 5 });
    for (let beds = 1; beds <= 40; beds++) {
      const { columns, rows } = gridFor(beds);
      expect(columns * rows).toBeGreaterThanOrEqual(beds);
      expect(columns * (rows - 1)).toBeLessThan(beds);
    }
  });
});
