import { requestOf, rolesOf, staff } from '../../test/unit/support/staff';
import type { PassportView } from '../contracts/passport.view';
import type { PassportService } from './passport.service';
import type { PromptOutcomesService } from './prompt-outcomes.service';
import { PromptsController } from './prompts.controller';

const ALERT_ID = '0c9a3b1e-0000-4000-8000-000000000001';
const BABY_ID = '0c9a3b1e-0000-4000-8000-000000000002';

function setUp(babyWard: string | null = 'transitional-care') {
  const outcomes = { close: jest.fn().mockResolvedValue({ id: ALERT_ID }) };
  const passports = {
    passport: jest
      .fn<Promise<Partial<PassportView> | undefined>, [string]>()
      .mockResolvedValue({ baby: { id: BABY_ID, wardId: babyWard } as PassportView['baby'] }),
  };
  const controller = new PromptsController(
    outcomes as unknown as PromptOutcomesService,
    passports as unknown as PassportService,
  );
  return { outcomes, passports, controller };
}

describe('PromptsController: a prompt’s outcome over REST', () => {
  it('is for midwives and coordinators', () => {
    expect(rolesOf(PromptsController, 'promptOutcome')).toEqual(['midwife', 'coordinator']);
  });

  it('passes the outcome with the person and device as the actor, and a ward check for acting', async () => {
    const { controller, outcomes } = setUp();
    const body = { outcome: 'not-done', reason: 'declined', device: 'handheld-7', commandId: 'cmd-00000001' };
    await controller.promptOutcome(ALERT_ID, body, requestOf(staff()));
    const [id, actor, mayAct, outcome, commandId] = outcomes.close.mock.calls[0] as [
      string,
      unknown,
      (ward: string | null) => boolean,
      unknown,
      string,
    ];
    expect([id, actor, outcome, commandId]).toEqual([
      ALERT_ID,
      { id: 'midwife.1', name: 'Test midwife', role: 'midwife', device: 'handheld-7' },
      { outcome: 'not-done', reason: 'declined' },
      'cmd-00000001',
    ]);
    // A midwife acts on her own ward's prompts only.
    expect([mayAct('maternity-a'), mayAct('transitional-care'), mayAct(null)]).toEqual([true, false, false]);
  });

  it('refuses "not done" without a reason from the list with 400, before anything is read', () => {
    const { controller, outcomes } = setUp();
    // It refuses before it returns a promise: the body is parsed first.
    const refused = () =>
      controller.promptOutcome(ALERT_ID, { outcome: 'not-done', reason: 'forgot' }, requestOf(staff()));
    expect(refused).toThrow('body.reason');
    expect(outcomes.close).not.toHaveBeenCalled();
  });
});

describe('PromptsController: a baby’s passport', () => {
  it('is for midwives, coordinators, auditors and admins', () => {
    expect(rolesOf(PromptsController, 'passport')).toEqual(['midwife', 'coordinator', 'auditor', 'admin']);
  });

  it('answers the passport to staff of the baby’s ward', async () => {
    const { controller } = setUp();
    await expect(
      controller.passport(BABY_ID, requestOf(staff('midwife', ['transitional-care']))),
    ).resolves.toMatchObject({ baby: { id: BABY_ID } });
  });

  it('answers 404 for a patient who is not a baby Beacon knows', async () => {
    const { controller, passports } = setUp();
    passports.passport.mockResolvedValue(undefined);
    await expect(controller.passport(BABY_ID, requestOf(staff()))).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a midwife of another ward with 403', async () => {
    const { controller } = setUp();
    await expect(controller.passport(BABY_ID, requestOf(staff()))).rejects.toMatchObject({
      status: 403,
      message: 'you may not see ward transitional-care',
    });
  });

  it('refuses a midwife a baby on no configured ward, and lets an auditor see it', async () => {
    const { controller } = setUp(null);
    await expect(controller.passport(BABY_ID, requestOf(staff()))).rejects.toMatchObject({ status: 403 });
    await expect(controller.passport(BABY_ID, requestOf(staff('auditor', [])))).resolves.toBeDefined();
  });
});
