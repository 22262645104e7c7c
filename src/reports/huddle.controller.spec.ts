import { shippedConfig } from '../../test/unit/support/shipped-config';
import { requestOf, rolesOf, staff } from '../../test/unit/support/staff';
import { HuddleController } from './huddle.controller';
import type { HuddleService } from './huddle.service';

function setUp() {
  const huddle = { escalators: jest.fn().mockResolvedValue({ since: '', wards: [] }) };
  const controller = new HuddleController(huddle as unknown as HuddleService, shippedConfig({}));
  return { huddle, controller };
}

const coordinator = requestOf(staff('coordinator', []));

describe('HuddleController: who escalated today, for the coordinator', () => {
  it('is for coordinators and admins only', () => {
    expect(rolesOf(HuddleController, 'escalatedToday')).toEqual(['coordinator', 'admin']);
  });

  it('covers every ward of the unit when no ward is named', async () => {
    const { controller, huddle } = setUp();
    await controller.escalatedToday({}, coordinator);
    expect(huddle.escalators).toHaveBeenCalledWith(['maternity-a', 'transitional-care', 'general-surgical']);
  });

  it('narrows to one ward, or to several', async () => {
    const { controller, huddle } = setUp();
    await controller.escalatedToday({ ward: 'transitional-care' }, coordinator);
    expect(huddle.escalators).toHaveBeenLastCalledWith(['transitional-care']);
    await controller.escalatedToday({ ward: ['general-surgical', 'maternity-a'] }, coordinator);
    expect(huddle.escalators).toHaveBeenLastCalledWith(['general-surgical', 'maternity-a']);
  });

  it('refuses a ward that is not configured with 400', async () => {
    const { controller, huddle } = setUp();
    await expect(controller.escalatedToday({ ward: 'ward-z' }, coordinator)).rejects.toMatchObject({
      status: 400,
    });
    expect(huddle.escalators).not.toHaveBeenCalled();
  });

  it('refuses, with 403 naming the ward, anyone who may not see every ward asked for', async () => {
    const { controller, huddle } = setUp();
    const midwife = requestOf(staff('midwife', ['maternity-a']));
    await expect(
      controller.escalatedToday({ ward: ['maternity-a', 'transitional-care'] }, midwife),
    ).rejects.toMatchObject({ status: 403, message: 'ward: you may not see ward transitional-care' });
    expect(huddle.escalators).not.toHaveBeenCalled();
  });
});
