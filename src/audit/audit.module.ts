import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { AuditReader } from './audit-reader';
import { AuditEventRepository } from './persistence/audit-event.repository';

@Global()
@Module({
  providers: [AuditEventRepository, AuditLog, AuditReader],
  exports: [AuditEventRepository, AuditLog, AuditReader],
})
export class AuditModule {}
