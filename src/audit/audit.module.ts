import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { AuditReader } from './audit-reader';

@Global()
@Module({ providers: [AuditLog, AuditReader], exports: [AuditLog, AuditReader] })
export class AuditModule {}
