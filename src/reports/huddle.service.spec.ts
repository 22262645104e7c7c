import type { EscalatorRow, HuddleRepository } from './persistence/huddle.repository';
import { HuddleService } from './huddle.service';

const escalator = (wardId: string, name: string, lastAt: string): EscalatorRow => ({
  ward_id: wardId,
  name,
  role: 'midwife',
  concerns: 1,
  escalations: 2,
  last_at: new Date(lastAt),
});

function setUp(rows: EscalatorRow[], since: Date | undefined = new Date('2026-03-01T00:00:00Z')) {
  const repository = {
    escalatorsToday: jest.fn().mockResolvedValue(rows),
    startOfToday: jest.fn().mockResolvedValue(since),
  };
  return { repository, service: new HuddleService(repository as unknown as HuddleRepository) };
}

describe('HuddleService: who escalated today on each ward', () => {
  it('answers every ward asked for, in that order, each with only its own staff', async () => {
    const { service, repository } = setUp([
      escalator('maternity-a', 'Amara Okafor', '2026-03-01T09:00:00Z'),
      escalator('transitional-care', 'Bea Lane', '2026-03-01T08:00:00Z'),
      escalator('maternity-a', 'Cara Singh', '2026-03-01T07:00:00Z'),
    ]);
    const huddle = await service.escalators(['transitional-care', 'general-surgical', 'maternity-a']);
    expect(repository.escalatorsToday).toHaveBeenCalledWith([
      'transitional-care',
      'general-surgical',
      'maternity-a',
    ]);
    expect(huddle.wards.map(({ wardId, staff }) => [wardId, staff.map((person) => person.name)])).toEqual([
      ['transitional-care', ['Bea Lane']],
      ['general-surgical', []],
      ['maternity-a', ['Amara Okafor', 'Cara Singh']],
    ]);
  });

  it('counts concerns raised and escalations per person, with the time of the last', async () => {
    const { service } = setUp([escalator('maternity-a', 'Amara Okafor', '2026-03-01T09:00:00Z')]);
    const huddle = await service.escalators(['maternity-a']);
    expect(huddle.wards[0]?.staff).toEqual([
      {
        name: 'Amara Okafor',
        role: 'midwife',
        concerns: 1,
        escalations: 2,
        lastAt: '2026-03-01T09:00:00.000Z',
      },
    ]);
  });

  it('says since when "today" counts (midnight UK time, as the database tells it)', async () => {
    const { service } = setUp([], new Date('2026-06-30T23:00:00Z'));
    await expect(service.escalators([])).resolves.toEqual({ since: '2026-06-30T23:00:00.000Z', wards: [] });
  });
});
