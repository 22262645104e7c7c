import type { StaffRole } from '../auth/principal';

/** A person of the development identity provider: what a hospital's directory would hold about her. */
export interface DemoUser {
  readonly username: string;
  readonly name: string;
  readonly role: Exclude<StaffRole, 'ward-display'>;
  /** Ward ids (config/wards.json); coordinators, auditors and admins see every ward whatever this says. */
  readonly wards: readonly string[];
}

/** One password for every demo user: this provider exists only for `npm run demo` and the tests, on loopback. */
export const DEMO_PASSWORD = 'beacon-demo';

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'midwife.a', name: 'Amara Okafor (midwife)', role: 'midwife', wards: ['maternity-a'] },
  {
    username: 'midwife',
    name: 'Bethan Hughes (midwife)',
    role: 'midwife',
    wards: ['maternity-a', 'transitional-care'],
  },
  { username: 'coordinator', name: 'Chloe Patel (ward coordinator)', role: 'coordinator', wards: [] },
  { username: 'auditor', name: 'Deborah Lewis (auditor)', role: 'auditor', wards: [] },
  { username: 'admin', name: 'Eleanor Shaw (administrator)', role: 'admin', wards: [] },
];
