import { shippedConfig } from '../../test/unit/support/shipped-config';
import type { PersonRecord, RecordedEvent } from './domain/pathway-cases';
import { PassportService } from './passport.service';
import type { Family, PathwayRecordReader } from './persistence/pathway-record.reader';
import type { PromptRepository } from './persistence/prompt.repository';

// The BAPM toolkit defines four of the nine interventions, so each status can be worked out by hand.
const config = shippedConfig({ BEACON_PRETERM_RULE_SET: 'BAPM-AO' });
const HOUR = 3600_000;
const BIRTH = Date.parse('2026-03-01T10:00:00Z');
const NOW = BIRTH + 24 * HOUR;

const steroid = (hoursBeforeBirth: number): RecordedEvent => ({
  kind: 'event',
  event: 'corticosteroid-dose',
  at: BIRTH - hoursBeforeBirth * HOUR,
});

/** A singleton born at 28+0 (or `gestationDays`) weighing 1000 g; her mother's record holds the given events. */
function familyOf(motherEvents: RecordedEvent[], gestationDays = 196): Family {
  const mother: PersonRecord = {
    id: 'mother-1',
    wardId: 'maternity-a',
    birthTime: null,
    events: motherEvents,
    readings: [],
  };
  const reading = (field: string, value: number) => ({ field, value, at: BIRTH, recordedAt: BIRTH });
  const baby: PersonRecord = {
    id: 'baby-1',
    wardId: 'transitional-care',
    birthTime: BIRTH,
    events: [],
    readings: [reading('gestationalAgeAtBirthDays', gestationDays), reading('birthWeightGrams', 1000)],
  };
  return { mother, babies: [baby], ids: ['mother-1', 'baby-1'] };
}

/** `null`: Beacon has no family record for the patient. */
function setUp(family: Family | null = familyOf([steroid(72), steroid(48)])) {
  jest.spyOn(Date, 'now').mockReturnValue(NOW);
  const reader = { family: jest.fn().mockResolvedValue(family ?? undefined) };
  const prompts = {
    reader: {},
    patient: jest.fn().mockResolvedValue({ name: 'Baby Okafor', bed: 'Cot 4', ward_id: 'transitional-care' }),
    openPromptsOf: jest.fn().mockResolvedValue([]),
  };
  const service = new PassportService(
    prompts as unknown as PromptRepository,
    config,
    reader as unknown as PathwayRecordReader,
  );
  return { reader, prompts, service };
}

const statuses = async (service: PassportService) =>
  Object.fromEntries(
    ((await service.passport('baby-1'))?.interventions ?? []).map((each) => [each.intervention, each.status]),
  );

afterEach(() => jest.restoreAllMocks());

describe('PassportService: a baby’s preterm passport', () => {
  it('says of each intervention whether it is needed, done, due, not given or not recorded yet', async () => {
    const { service, prompts } = setUp();
    prompts.openPromptsOf.mockResolvedValue([
      { prompt_code: 'preterm/magnesium-sulphate', title: 'Magnesium sulphate: give', due_at: null },
    ]);
    await expect(statuses(service)).resolves.toEqual({
      // Not below 27+0, and the estimated fetal weight (the 800 g test) is not recorded: eligibility unknown.
      'place-of-birth': 'not-known',
      // Two doses within the 7 days before birth.
      'antenatal-corticosteroids': 'done',
      // Eligible below 30+0, nothing recorded, and a prompt is open.
      'magnesium-sulphate': 'due',
      // Labour not recorded (eligibility unknown) and no antibiotics recorded.
      'intrapartum-antibiotics': 'not-given',
      'optimal-cord-management': 'not-known',
      normothermia: 'not-known',
      'maternal-breast-milk': 'not-known',
      caffeine: 'not-known',
      'volume-targeted-ventilation': 'not-known',
    });
    expect(prompts.openPromptsOf).toHaveBeenCalledWith(['mother-1', 'baby-1']);
  });

  it('says "not given" for an eligible intervention nothing was recorded for, when no prompt is open', async () => {
    const { service } = setUp();
    await expect(statuses(service)).resolves.toMatchObject({ 'magnesium-sulphate': 'not-given' });
  });

  it('says "not needed" for an intervention the baby is not eligible for (magnesium at 32+0)', async () => {
    const { service } = setUp(familyOf([], 32 * 7));
    await expect(statuses(service)).resolves.toMatchObject({
      'magnesium-sulphate': 'not-needed',
      'antenatal-corticosteroids': 'not-given',
    });
  });

  it('says "done, but late" when a course was given outside the standard’s window', async () => {
    const { service } = setUp(familyOf([steroid(10 * 24), steroid(48)]));
    const passport = await service.passport('baby-1');
    const steroids = passport?.interventions.find(
      (each) => each.intervention === 'antenatal-corticosteroids',
    );
    expect(steroids).toMatchObject({
      status: 'done-late',
      statusText: 'Done, but not within the recommended time',
      received: true,
      meetsStandard: false,
    });
  });

  it('says "done" even while a prompt for it is still open: what was recorded wins', async () => {
    const { service, prompts } = setUp();
    prompts.openPromptsOf.mockResolvedValue([
      {
        prompt_code: 'preterm/antenatal-corticosteroids',
        title: 'Antenatal corticosteroids: give',
        due_at: null,
      },
    ]);
    await expect(statuses(service)).resolves.toMatchObject({ 'antenatal-corticosteroids': 'done' });
  });

  it('lists what was recorded for each intervention, with when', async () => {
    const magnesium: RecordedEvent = {
      kind: 'event',
      event: 'magnesium-sulphate-loading',
      at: BIRTH - 2 * HOUR,
    };
    const { service } = setUp(familyOf([steroid(72), magnesium, steroid(48)]));
    const passport = await service.passport('baby-1');
    const named = (intervention: string) =>
      passport?.interventions.find((each) => each.intervention === intervention);
    expect(named('magnesium-sulphate')?.recorded).toEqual([
      { what: 'magnesium-sulphate-loading', at: '2026-03-01T08:00:00.000Z' },
    ]);
    expect(named('antenatal-corticosteroids')?.recorded).toEqual([
      { what: 'corticosteroid-dose', at: '2026-02-26T10:00:00.000Z' },
      { what: 'corticosteroid-dose', at: '2026-02-27T10:00:00.000Z' },
    ]);
    expect(named('antenatal-corticosteroids')?.clinicalName).toBe('Antenatal corticosteroids');
  });

  it('shows the prompt that is open for an intervention with its deadline', async () => {
    const { service, prompts } = setUp();
    prompts.openPromptsOf.mockResolvedValue([
      {
        prompt_code: 'preterm/magnesium-sulphate',
        title: 'Magnesium sulphate: give',
        due_at: new Date('2026-03-01T12:00:00Z'),
      },
    ]);
    const passport = await service.passport('baby-1');
    const magnesium = passport?.interventions.find((each) => each.intervention === 'magnesium-sulphate');
    expect(magnesium?.prompt).toEqual({
      title: 'Magnesium sulphate: give',
      dueAt: '2026-03-01T12:00:00.000Z',
    });
  });

  it('describes the baby and the rule set followed', async () => {
    const { service } = setUp();
    const passport = await service.passport('baby-1');
    expect(passport?.baby).toEqual({
      id: 'baby-1',
      initials: 'BO',
      bed: 'Cot 4',
      wardId: 'transitional-care',
      birthTime: '2026-03-01T10:00:00.000Z',
      gestationAtBirth: '28+0',
      birthWeightGrams: 1000,
    });
    expect(passport?.ruleSet).toMatchObject({ id: 'BAPM-AO', source: '[S28]' });
    expect(passport?.generatedAt).toBe('2026-03-02T10:00:00.000Z');
  });

  it('has no passport for a patient with no family record, one not among the babies, or no patient row', async () => {
    const none = setUp(null);
    await expect(none.service.passport('baby-1')).resolves.toBeUndefined();
    const notABaby = setUp();
    await expect(notABaby.service.passport('mother-1')).resolves.toBeUndefined();
    const noRow = setUp();
    noRow.prompts.patient.mockResolvedValue(undefined);
    await expect(noRow.service.passport('baby-1')).resolves.toBeUndefined();
  });
});
