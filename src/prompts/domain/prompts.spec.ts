import type { AlertCommand, AlertSnapshot } from '../../alerts/domain/alert';
import { transition } from '../../alerts/domain/alert';
import type { FamilyRecord, PersonRecord } from './pathway-cases';
import { babyPretermCase, gestationDaysAt, motherPretermCase, smokingCase } from './pathway-cases';
import type { OpenPrompt, PromptFacts, WantedPrompt } from './prompt-policy';
import { reconcilePrompts } from './prompt-policy';

const T = Date.parse('2026-03-01T10:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const prompt: AlertSnapshot = {
  kind: 'prompt',
  state: 'raised',
  level: 'give',
  severity: 50,
  escalationStep: 0,
  improved: false,
  acknowledgedBy: null,
  raisedAt: new Date(T),
  promptCode: 'smoking/co-test',
  dueAt: null,
};
const move = (alert: AlertSnapshot, command: AlertCommand) =>
  transition(alert, command, { now: new Date(T + HOUR), ladder: [] });

describe('prompt transitions', () => {
  it('records or misses a prompt, and never acknowledges or escalates it', () => {
    expect(move(prompt, { type: 'record', reason: 'given' })).toMatchObject({
      ok: true,
      event: 'prompt.recorded',
      alert: { state: 'resolved' },
    });
    expect(move(prompt, { type: 'miss', reason: 'window closed' })).toMatchObject({
      ok: true,
      event: 'prompt.missed',
      alert: { state: 'missed' },
    });
    expect(move(prompt, { type: 'escalate', reason: 'timeout' }).ok).toBe(false);
    expect(move(prompt, { type: 'acknowledge', by: { id: 'mw' } }).ok).toBe(false);
  });

  it('never records or misses an escalation', () => {
    expect(move({ ...prompt, kind: 'deterioration' }, { type: 'record', reason: 'x' })).toEqual({
      ok: false,
      reason: 'only a prompt can be recorded',
    });
  });

  it('refuses to move a missed prompt again', () => {
    expect(move({ ...prompt, state: 'missed' }, { type: 'record', reason: 'late' }).ok).toBe(false);
  });
});

const wanted = (code: string, dueAt: string | null = null): WantedPrompt => ({
  code,
  pathway: 'preterm',
  title: code,
  text: code,
  action: 'give',
  dueAt,
  ruleSet: 'MatNeoSIP-2023',
  source: '[S20]',
  verification: 'verified',
  staffMayRecord: false,
});
const open = (code: string, dueAt: string | null = null): OpenPrompt => ({
  id: `alert-${code}`,
  code,
  dueAt,
  raisedAt: new Date(T - HOUR).toISOString(),
});
const facts = (overrides: Partial<PromptFacts> = {}): PromptFacts => ({
  now: T,
  recordedSince: () => undefined,
  bornSince: () => undefined,
  closedBefore: new Set(),
  ...overrides,
});

describe('reconciling prompts with what is due', () => {
  it('raises what is newly due, but not what was recorded or missed earlier in the episode', () => {
    expect(
      reconcilePrompts([], [wanted('preterm/caffeine'), wanted('preterm/normothermia')], {
        ...facts(),
        closedBefore: new Set(['preterm/normothermia']),
      }),
    ).toEqual([{ action: 'raise', prompt: wanted('preterm/caffeine') }]);
  });

  it('leaves a still-due prompt alone, and updates it when its deadline moves', () => {
    const due = new Date(T + DAY).toISOString();
    expect(reconcilePrompts([open('preterm/x')], [wanted('preterm/x')], facts())).toEqual([]);
    expect(reconcilePrompts([open('preterm/x')], [wanted('preterm/x', due)], facts())).toEqual([
      { action: 'update', id: 'alert-preterm/x', prompt: wanted('preterm/x', due) },
    ]);
  });

  it('closes a prompt no longer due as recorded, then missed (window), then missed (born), then withdrawn', () => {
    const past = new Date(T - 1).toISOString();
    const recorded = facts({ recordedSince: () => 'caffeine at 09:00' });
    expect(reconcilePrompts([open('preterm/caffeine', past)], [], recorded)).toEqual([
      { action: 'record', id: 'alert-preterm/caffeine', reason: 'recorded: caffeine at 09:00' },
    ]);
    expect(reconcilePrompts([open('preterm/caffeine', past)], [], facts())).toEqual([
      {
        action: 'miss',
        id: 'alert-preterm/caffeine',
        reason: `the window closed at ${past} without it being recorded`,
      },
    ]);
    const born = facts({ bornSince: () => '2026-03-01T09:50:00.000Z' });
    expect(reconcilePrompts([open('preterm/magnesium-sulphate')], [], born)).toEqual([
      {
        action: 'miss',
        id: 'alert-preterm/magnesium-sulphate',
        reason: 'the baby was born (2026-03-01T09:50:00.000Z) before it was recorded',
      },
    ]);
    expect(reconcilePrompts([open('preterm/magnesium-sulphate')], [], facts())).toEqual([
      {
        action: 'withdraw',
        id: 'alert-preterm/magnesium-sulphate',
        reason: 'no longer indicated by the pathway',
      },
    ]);
  });

  it('does not call a deadline exactly now passed before it has', () => {
    const later = new Date(T + 1).toISOString();
    expect(reconcilePrompts([open('preterm/caffeine', later)], [], facts())[0]?.action).toBe('withdraw');
  });
});

const person = (overrides: Partial<PersonRecord>): PersonRecord => ({
  id: 'p',
  wardId: 'maternity-a',
  birthTime: null,
  events: [],
  readings: [],
  ...overrides,
});
const reading = (field: string, value: number | string, at: number) => ({ field, value, at, recordedAt: at });

describe('gestation from a dating reading (whole days, never fractions)', () => {
  const mother = person({ readings: [reading('gestationalAgeDays', 29 * 7 + 6, T)] });
  const family: FamilyRecord = { mother, babies: [] };

  it('stays 29+6 until a whole day has passed, then is 30+0', () => {
    expect(gestationDaysAt(family, mother, T + DAY - 1)).toBe(29 * 7 + 6);
    expect(gestationDaysAt(family, mother, T + DAY)).toBe(30 * 7);
    expect(motherPretermCase(family, T + DAY - 1)?.gestationNow).toBe('29+6');
    expect(motherPretermCase(family, T + DAY)?.gestationNow).toBe('30+0');
  });

  it('is unknown before the dating and after a birth (the pregnancy ended)', () => {
    expect(gestationDaysAt(family, mother, T - 1)).toBeUndefined();
    const baby = person({ id: 'b', birthTime: T + HOUR });
    const after: FamilyRecord = { mother, babies: [baby] };
    expect(motherPretermCase(after, T + 2 * HOUR)).toBeUndefined();
    expect(babyPretermCase(after, baby, T + 2 * HOUR)?.gestationAtBirth).toBe('29+6');
  });

  it('gives the baby the mother’s labour and her doses before birth, and its own temperatures', () => {
    const withLabour = person({
      readings: [reading('gestationalAgeDays', 29 * 7, T)],
      events: [
        { kind: 'labour', state: 'established', at: T + HOUR },
        { kind: 'event', event: 'magnesium-sulphate-loading', at: T + 2 * HOUR },
      ],
    });
    const baby = person({
      id: 'b',
      birthTime: T + 3 * HOUR,
      readings: [reading('temperature', 36.8, T + 3.5 * HOUR)],
    });
    const result = babyPretermCase({ mother: withLabour, babies: [baby] }, baby, T + 4 * HOUR);
    expect(result).toMatchObject({
      gestationAtBirth: '29+0',
      plurality: 1,
      labour: { state: 'established', gestation: '29+0' },
      events: [
        { type: 'magnesium-sulphate-loading', time: new Date(T + 2 * HOUR).toISOString() },
        { type: 'temperature', time: new Date(T + 3.5 * HOUR).toISOString(), celsius: 36.8 },
      ],
    });
  });
});

describe('the smoke-free pregnancy appointment', () => {
  const dated = (days: number, extra: ReturnType<typeof reading>[] = []) =>
    person({ readings: [reading('gestationalAgeDays', days, T), ...extra] });

  it('is booking with the first CO reading, and asks for one when there is none', () => {
    expect(
      smokingCase({ mother: dated(70, [reading('carbonMonoxidePpm', 6, T)]), babies: [] }, T)?.case,
    ).toMatchObject({ appointment: 'booking', coPpm: 6, previousCoPpm: [] });
    const none = smokingCase({ mother: dated(70), babies: [] }, T)?.case;
    expect(none).toMatchObject({ appointment: 'booking' });
    expect(none).not.toHaveProperty('coPpm');
  });

  it('is 36 weeks from 36+0 with no reading since, and other for a later reading before then', () => {
    const booked = reading('carbonMonoxidePpm', 1, T - 200 * DAY);
    expect(smokingCase({ mother: dated(36 * 7, [booked]), babies: [] }, T + HOUR)?.case).toMatchObject({
      appointment: '36-weeks',
      previousCoPpm: [1],
    });
    const later = reading('carbonMonoxidePpm', 2, T + 10 * DAY);
    expect(
      smokingCase(
        { mother: dated(20 * 7, [reading('carbonMonoxidePpm', 1, T), later]), babies: [] },
        T + 10 * DAY,
      )?.case,
    ).toMatchObject({
      appointment: 'other',
      coPpm: 2,
      previousCoPpm: [1],
    });
  });

  it('is delivery on the day of birth, postnatal after it, and nothing for someone not pregnant', () => {
    const mother = dated(39 * 7);
    const baby = person({ id: 'b', birthTime: T + HOUR });
    expect(smokingCase({ mother, babies: [baby] }, T + 2 * HOUR)?.case.appointment).toBe('delivery');
    expect(smokingCase({ mother, babies: [baby] }, T + 3 * DAY)?.case.appointment).toBe('postnatal');
    expect(smokingCase({ mother: person({}), babies: [] }, T)).toBeUndefined();
  });
});
