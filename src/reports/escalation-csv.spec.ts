import { parse } from 'csv-parse/sync';
import { defuse, escalationCsv } from './escalation-csv';
import type { EscalationRow } from '../contracts/escalation-list.view';

const ROW: EscalationRow = {
  id: '0b6f1c1e-1f7e-4c55-9d43-3f0c2d9c1a01',
  kind: 'deterioration',
  state: 'acknowledged',
  level: 'urgent-review',
  wardId: 'maternity-a',
  patient: { id: 'p1', initials: 'AB', bed: '=HYPERLINK("http://x")' },
  title: 'MEWS 2: medium risk, "quoted", with a comma',
  clinicalRisk: 'medium',
  chart: { id: 'mews', version: '1' },
  acknowledgement: 'late',
  acknowledgedBy: 'Midwife Ada',
  response: null,
  responseReason: null,
  closedReason: null,
  escalations: 1,
  times: {
    observationTakenAt: '2026-03-01T10:00:00.000Z',
    receivedAt: '2026-03-01T10:01:00.000Z',
    scoredAt: '2026-03-01T10:01:00.500Z',
    raisedAt: '2026-03-01T10:01:00.500Z',
    firstDeliveredAt: null,
    acknowledgedAt: '2026-03-01T10:20:00.000Z',
    acknowledgeDueAt: '2026-03-01T10:11:00.500Z',
    respondedAt: null,
    closedAt: null,
  },
  durations: {
    takenToReceived: 60,
    receivedToScored: 0.5,
    scoredToRaised: 0,
    raisedToDelivered: null,
    raisedToAcknowledged: 1139.5,
    acknowledgedToResponded: null,
    raisedToClosed: null,
  },
};

describe('escalation CSV', () => {
  it('writes a header and one record per row that reads back to the same values', () => {
    const [record, ...rest] = parse<Record<string, string>>(escalationCsv([ROW]), { columns: true });
    expect(rest).toEqual([]);
    expect(record).toMatchObject({
      alert_id: ROW.id,
      title: ROW.title,
      acknowledgement: 'late',
      first_delivered_at: '',
      raised_to_acknowledged_s: '1139.5',
      scored_to_raised_s: '0',
    });
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    const [record] = parse<Record<string, string>>(escalationCsv([ROW]), { columns: true });
    expect(record?.bed).toBe(`'=HYPERLINK("http://x")`);
    expect(['+1', '-1', '@x', '\tx'].map(defuse)).toEqual(["'+1", "'-1", "'@x", "'\tx"]);
    expect(defuse('Bed 3')).toBe('Bed 3');
  });

  it('is only a header when nothing matches', () => {
    expect(escalationCsv([]).trim().split('\r\n')).toHaveLength(1);
  });
});
