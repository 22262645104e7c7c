import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../audit/audit-log';
import type { AuditEventType } from '../../audit/audit.types';
import type { StaffPrincipal } from '../principal';

/** Sign-in, sign-out, pairing and revocation go into the same hash-chained audit trail as clinical events. */
@Injectable()
export class SessionAudit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
  ) {}

  async record(
    type: Extract<AuditEventType, `session.${string}` | `display.${string}`>,
    who: StaffPrincipal,
    details: Record<string, unknown>,
    wardId?: string,
  ): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.auditLog.append(manager, [
        {
          type,
          actor: { type: 'user', id: who.userId },
          details: { name: who.name, role: who.role, ...details },
          ...(wardId ? { wardId } : {}),
        },
      ]),
    );
  }
}
