import type { AlertSnapshot } from '../../../src/alerts/domain/alert';
import type { LadderStep } from '../../../src/alerts/domain/escalation-ladder';

/** A three-rung ward ladder for specs of the alert life cycle. */
export const LADDER: LadderStep[] = [
  { role: 'midwife-in-charge', label: 'Midwife in charge', acknowledgeWithinMinutes: 10 },
  { role: 'registrar', label: 'Registrar on call', acknowledgeWithinMinutes: 12 },
  { role: 'consultant', label: 'Consultant on call', acknowledgeWithinMinutes: 15 },
];

/** "Now" in those specs; the alert below was raised 95 s before. */
export const NOW = new Date('2026-03-01T10:00:00.000Z');

/** A raised, unacknowledged deterioration alert at the urgent-review level. */
export const raisedAlert = (overrides: Partial<AlertSnapshot> = {}): AlertSnapshot => ({
  kind: 'deterioration',
  state: 'raised',
  level: 'urgent-review',
  severity: 1,
  escalationStep: 0,
  improved: false,
  acknowledgedBy: null,
  raisedAt: new Date('2026-03-01T09:58:25.000Z'),
  promptCode: '',
  dueAt: null,
  ...overrides,
});
