import { staffFrom } from './staff-claims';

describe('staff from ID-token claims', () => {
  it('reads a role string and the ward list', () => {
    expect(
      staffFrom(
        { sub: 'u1', name: 'Amara', beacon_role: 'midwife', beacon_wards: ['maternity-a', 7] },
        'beacon_role',
        'beacon_wards',
      ),
    ).toEqual({ kind: 'staff', userId: 'u1', name: 'Amara', role: 'midwife', wards: ['maternity-a'] });
  });

  it('takes the first Beacon role from a list such as Entra ID roles', () => {
    expect(staffFrom({ sub: 'u2', roles: ['Reader', 'coordinator'] }, 'roles', 'wards')?.role).toBe(
      'coordinator',
    );
  });

  it('refuses an account with no Beacon role', () => {
    expect(staffFrom({ sub: 'u3', roles: ['Reader'] }, 'roles', 'wards')).toBeUndefined();
    expect(staffFrom({ sub: 'u4' }, 'beacon_role', 'beacon_wards')).toBeUndefined();
  });
});
