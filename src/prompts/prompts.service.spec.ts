import type { EntityManager } from 'typeorm';
import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { Transactions } from '../database/unit-of-work';
import { UnitOfWork } from '../database/unit-of-work';
import type { PromptAlerts } from './prompt-alerts.service';
import type { AlertEntity } from '../alerts/persistence/alert.entity';
import { JobName } from '../queue/queue.constants';
import type { PersonRecord, RecordedEvent } from './domain/pathway-cases';
import type { Family, PathwayRecordReader } from './persistence/pathway-record.reader';
import type { PromptRepository } from './persistence/prompt.repository';
import { PromptsService } from './prompts.service';

// MatNeoSIP-2023 (the default rule set). Times are whole seconds, as the service rounds "now".
const config = shippedConfig({});
const manager = {} as EntityManager;
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-03-10T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const person = (id: string, overrides: Partial<PersonRecord> = {}): PersonRecord => ({
  id,
  wardId: 'maternity-a',
  birthTime: null,
  events: [],
  readings: [],
  ...overrides,
});

/** A woman at 30+0 today (dated 10 days ago at 28+4), not in labour, with nothing about smoking recorded. */
const pregnantMother = (overrides: Partial<PersonRecord> = {}) =>
  person('mother-1', {
    readings: [{ field: 'gestationalAgeDays', value: 200, at: NOW - 10 * DAY, recordedAt: NOW - 10 * DAY }],
    ...overrides,
  });

/** A baby born at 28+0, `hoursAgo` hours ago. */
const baby = (hoursAgo: number, events: RecordedEvent[] = []) =>
  person('baby-1', {
    wardId: 'transitional-care',
    birthTime: NOW - hoursAgo * HOUR,
    events,
    readings: [{ field: 'gestationalAgeAtBirthDays', value: 196, at: NOW, recordedAt: NOW }],
  });

const familyOf = (mother: PersonRecord | undefined, ...babies: PersonRecord[]): Family => ({
  ...(mother ? { mother } : {}),
  babies,
  ids: [...(mother ? [mother.id] : []), ...babies.map((each) => each.id)],
});

const open = (id: string, promptCode: string, dueAt: number | null, raisedAt: number) =>
  ({
    id,
    promptCode,
    dueAt: dueAt === null ? null : new Date(dueAt),
    raisedAt: new Date(raisedAt),
  }) as AlertEntity;

function setUp(family: Family, openByPatient: Record<string, AlertEntity[]> = {}) {
  jest.spyOn(Date, 'now').mockReturnValue(NOW + 400);
  const unit = new UnitOfWork();
  const transactions = {
    run: jest.fn((work: (m: EntityManager, u: UnitOfWork) => Promise<unknown>) => work(manager, unit)),
  };
  const alerts = {
    raise: jest.fn<Promise<void>, unknown[]>().mockResolvedValue(undefined),
    update: jest.fn<Promise<void>, unknown[]>().mockResolvedValue(undefined),
    close: jest.fn<Promise<void>, unknown[]>().mockResolvedValue(undefined),
  };
  const reader = {
    familyRoot: jest
      .fn<Promise<string | undefined>, unknown[]>()
      .mockResolvedValue(family.mother?.id ?? family.babies[0]?.id),
    family: jest.fn().mockResolvedValue(family),
  };
  const prompts = {
    lockFamily: jest.fn().mockResolvedValue(undefined),
    lockOpenPromptsOf: jest.fn().mockResolvedValue(undefined),
    openPrompts: jest.fn((_m: unknown, id: string) => Promise.resolve(openByPatient[id] ?? [])),
    closedPrompts: jest.fn().mockResolvedValue([]),
    patientsWithLatePrompts: jest.fn().mockResolvedValue([]),
  };
  const service = new PromptsService(
    config,
    transactions as unknown as Transactions,
    alerts as unknown as PromptAlerts,
    reader as unknown as PathwayRecordReader,
    prompts as unknown as PromptRepository,
  );
  return { unit, alerts, reader, prompts, service };
}

const raised = (alerts: ReturnType<typeof setUp>['alerts']) =>
  alerts.raise.mock.calls.map(([, input]) => (input as { code: string }).code);
const closed = (alerts: ReturnType<typeof setUp>['alerts']) =>
  alerts.close.mock.calls.map(([, alert, change]) => [(alert as AlertEntity).id, change]);

afterEach(() => jest.restoreAllMocks());

describe('PromptsService: evaluating a family', () => {
  it('decides nothing, and locks nothing, for a patient Beacon does not know', async () => {
    const { service, reader, prompts } = setUp(familyOf(undefined));
    reader.familyRoot.mockResolvedValue(undefined);
    await expect(service.evaluate('stranger')).resolves.toEqual({ decisions: 0 });
    expect(prompts.lockFamily).not.toHaveBeenCalled();
  });

  it('locks the family, then all its open prompts at once, before reading any person’s prompts', async () => {
    const { service, prompts, reader } = setUp(familyOf(pregnantMother(), baby(2)));
    await service.evaluate('baby-1');
    expect(prompts.lockFamily).toHaveBeenCalledWith(manager, 'mother-1');
    expect(prompts.lockOpenPromptsOf).toHaveBeenCalledWith(manager, ['mother-1', 'baby-1']);
    const [lockFamily] = prompts.lockFamily.mock.invocationCallOrder;
    const [readFamily] = reader.family.mock.invocationCallOrder;
    const [lockPrompts] = prompts.lockOpenPromptsOf.mock.invocationCallOrder;
    const [firstRead] = prompts.openPrompts.mock.invocationCallOrder;
    expect([lockFamily, readFamily, lockPrompts, firstRead]).toEqual(
      [lockFamily, readFamily, lockPrompts, firstRead].sort((a, b) => (a ?? 0) - (b ?? 0)),
    );
    expect(prompts.openPrompts.mock.calls.map(([, id]) => id)).toEqual(['mother-1', 'baby-1']);
  });

  it('raises a baby’s after-birth prompts with their deadlines, and a check when each window closes', async () => {
    const birth = NOW - 2 * HOUR;
    const { service, alerts, unit } = setUp(familyOf(undefined, baby(2)));
    await expect(service.evaluate('baby-1')).resolves.toEqual({ decisions: 2 });
    // Born at 28+0 two hours ago: breast milk (before 34+0) and caffeine (before 30+0) within 24 h of birth.
    expect(raised(alerts)).toEqual(['preterm/maternal-breast-milk', 'preterm/caffeine']);
    expect(alerts.raise.mock.calls[1]?.[1]).toMatchObject({
      patientId: 'baby-1',
      wardId: 'transitional-care',
      title: 'Caffeine: give',
      action: 'give',
      dueAt: new Date(birth + 24 * HOUR),
      detail: {
        pathway: 'preterm',
        ruleSet: 'MatNeoSIP-2023',
        verification: 'verified',
        staffMayRecord: false,
      },
    });
    const check = {
      job: JobName.CheckPrompts,
      payload: { patientId: 'baby-1' },
      runAt: new Date(birth + 24 * HOUR + 1000),
    };
    expect(unit.messages).toEqual([check, check]);
  });

  it('gives a prompt due "now" no deadline and no check: that is urgency, not a window that can pass', async () => {
    const inLabour = pregnantMother({ events: [{ kind: 'labour', state: 'established', at: NOW - HOUR }] });
    const { service, alerts, unit } = setUp(familyOf(inLabour));
    await service.evaluate('mother-1');
    // Established labour at 30+0: corticosteroids (before 34+0) and antibiotics (before 37+0) now.
    const preterm = alerts.raise.mock.calls
      .map(([, input]) => input as { code: string; dueAt: Date | null })
      .filter((input) => input.code.startsWith('preterm/'));
    expect(preterm.map(({ code, dueAt }) => [code, dueAt])).toEqual([
      ['preterm/antenatal-corticosteroids', null],
      ['preterm/intrapartum-antibiotics', null],
    ]);
    expect(unit.messages).toEqual([]);
  });

  it('prompts for nothing once a baby is over 7 days old', async () => {
    const { service, alerts } = setUp(familyOf(undefined, baby(7 * 24 + 1)));
    await service.evaluate('baby-1');
    expect(alerts.raise).not.toHaveBeenCalled();
  });

  it('raises the smoke-free prompts for a pregnant woman with nothing recorded, staff may close them', async () => {
    const { service, alerts, unit } = setUp(familyOf(pregnantMother()));
    await service.evaluate('mother-1');
    // Booking appointment (no CO reading yet), no self-report: ask for both; no preterm prompt at 30+0 out of labour.
    expect(raised(alerts)).toEqual(['smoking/record-smoking-status', 'smoking/co-test-missing']);
    expect(alerts.raise.mock.calls[1]?.[1]).toMatchObject({
      title: 'CO test not recorded',
      action: 'do',
      dueAt: null,
      detail: { pathway: 'smoking', ruleSet: 'NICE-NG209', staffMayRecord: true },
    });
    expect(unit.messages).toEqual([]);
  });

  it('asks staff to refer (not to do) for the opt-out referral', async () => {
    const smoker = pregnantMother({
      readings: [
        ...pregnantMother().readings,
        { field: 'smokingStatus', value: 'smoker', at: NOW - DAY, recordedAt: NOW - DAY },
      ],
    });
    const { service, alerts } = setUp(familyOf(smoker));
    await service.evaluate('mother-1');
    const referral = alerts.raise.mock.calls.find(
      ([, input]) => (input as { code: string }).code === 'smoking/opt-out-referral',
    );
    expect(referral?.[1]).toMatchObject({
      action: 'refer',
      title: 'Opt-out referral to stop-smoking support',
    });
  });

  it('does not raise again a prompt closed earlier in this pregnancy, but does one closed in an earlier one', async () => {
    const { service, alerts, prompts } = setUp(familyOf(pregnantMother()));
    // This pregnancy began 210 days ago (30+0 today).
    prompts.closedPrompts.mockResolvedValue([
      { prompt_code: 'smoking/co-test-missing', raised_at: new Date(NOW - 100 * DAY) },
      { prompt_code: 'smoking/record-smoking-status', raised_at: new Date(NOW - 211 * DAY) },
    ]);
    await service.evaluate('mother-1');
    expect(raised(alerts)).toEqual(['smoking/record-smoking-status']);
  });

  it('keeps a preterm prompt closed for 300 days, and raises it again after', async () => {
    const within = setUp(familyOf(undefined, baby(2)));
    within.prompts.closedPrompts.mockResolvedValue([
      { prompt_code: 'preterm/caffeine', raised_at: new Date(NOW - 300 * DAY) },
    ]);
    await within.service.evaluate('baby-1');
    expect(raised(within.alerts)).toEqual(['preterm/maternal-breast-milk']);

    const after = setUp(familyOf(undefined, baby(2)));
    after.prompts.closedPrompts.mockResolvedValue([
      { prompt_code: 'preterm/caffeine', raised_at: new Date(NOW - 301 * DAY) },
    ]);
    await after.service.evaluate('baby-1');
    expect(raised(after.alerts)).toEqual(['preterm/maternal-breast-milk', 'preterm/caffeine']);
  });
});

describe('PromptsService: what happens to open prompts', () => {
  it('moves an open prompt’s deadline when the pathway gives another, and sets a check for it', async () => {
    const birth = NOW - 2 * HOUR;
    const caffeine = open('p-1', 'preterm/caffeine', birth + 12 * HOUR, birth + HOUR);
    const { service, alerts, unit } = setUp(familyOf(undefined, baby(2)), { 'baby-1': [caffeine] });
    await service.evaluate('baby-1');
    expect(alerts.update).toHaveBeenCalledWith(
      manager,
      caffeine,
      expect.objectContaining({ title: 'Caffeine: give', dueAt: new Date(birth + 24 * HOUR) }),
      unit,
    );
    expect(raised(alerts)).toEqual(['preterm/maternal-breast-milk']);
    // One check for the moved deadline, one for the new prompt.
    expect(unit.messages).toHaveLength(2);
  });

  it('closes as recorded a prompt whose intervention was given, saying what and when', async () => {
    const birth = NOW - 4 * HOUR;
    const given: RecordedEvent = {
      kind: 'event',
      event: 'caffeine',
      at: birth + 3 * HOUR,
      display: 'Caffeine citrate',
    };
    const caffeine = open('p-1', 'preterm/caffeine', birth + 24 * HOUR, birth + 2 * HOUR);
    const { service, alerts } = setUp(familyOf(undefined, baby(4, [given])), { 'baby-1': [caffeine] });
    await service.evaluate('baby-1');
    expect(closed(alerts)).toEqual([
      ['p-1', { type: 'record', reason: `recorded: Caffeine citrate at ${iso(birth + 3 * HOUR)}` }],
    ]);
  });

  it('closes as missed a prompt whose window passed with nothing recorded', async () => {
    const birth = NOW - 8 * DAY;
    const caffeine = open('p-1', 'preterm/caffeine', birth + DAY, birth + HOUR);
    const { service, alerts } = setUp(familyOf(undefined, baby(8 * 24)), { 'baby-1': [caffeine] });
    await service.evaluate('baby-1');
    expect(closed(alerts)).toEqual([
      ['p-1', { type: 'miss', reason: `the window closed at ${iso(birth + DAY)} without it being recorded` }],
    ]);
  });

  it('closes as missed a mother’s before-birth prompt when her baby was born first', async () => {
    const steroids = open('p-1', 'preterm/antenatal-corticosteroids', null, NOW - 3 * HOUR);
    const { service, alerts } = setUp(familyOf(pregnantMother(), baby(1)), { 'mother-1': [steroids] });
    await service.evaluate('mother-1');
    expect(closed(alerts)).toEqual([
      ['p-1', { type: 'miss', reason: `the baby was born (${iso(NOW - HOUR)}) before it was recorded` }],
    ]);
  });

  it('withdraws (supersedes) a prompt that is no longer indicated', async () => {
    const magnesium = open('p-1', 'preterm/magnesium-sulphate', null, NOW - DAY);
    const { service, alerts } = setUp(familyOf(pregnantMother()), { 'mother-1': [magnesium] });
    await service.evaluate('mother-1');
    expect(closed(alerts)).toEqual([
      ['p-1', { type: 'supersede', reason: 'no longer indicated by the pathway' }],
    ]);
  });
});

describe('PromptsService: the safety-net sweep', () => {
  it('evaluates each patient whose prompt deadline passed unnoticed', async () => {
    const { service, prompts, reader } = setUp(familyOf(undefined, baby(200)));
    prompts.patientsWithLatePrompts.mockResolvedValue(['baby-1', 'baby-2']);
    await expect(service.sweep()).resolves.toEqual({ evaluated: 2 });
    expect(reader.familyRoot.mock.calls.map(([, id]) => id)).toEqual(['baby-1', 'baby-2']);
  });
});
