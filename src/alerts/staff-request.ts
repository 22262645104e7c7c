import type { StaffPrincipal } from '../auth/principal';
import type { Actor } from './domain/alert';

/** The audit trail's actor for a staff member on a device. */
export const actorOf = (staff: StaffPrincipal, device?: string): Actor => ({
  id: staff.userId,
  name: staff.name,
  role: staff.role,
  ...(device ? { device } : {}),
});
