import type { AuditReader } from '../audit/audit-reader';
import type { StaffPrincipal } from '../auth/principal';

/** Records in the audit trail that a staff member viewed part of it: what they saw, and in which role. */
export function recordStaffAccess(
  audit: AuditReader,
  staff: StaffPrincipal,
  what: Record<string, unknown>,
): Promise<void> {
  return audit.recordAccess({ type: 'user', id: staff.userId }, { ...what, role: staff.role });
}
