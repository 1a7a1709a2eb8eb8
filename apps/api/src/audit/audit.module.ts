import { Module } from '@nestjs/common';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditController } from './audit.controller';
import { AuditLog } from './audit-log';

/** The audit trail: every domain that records events imports it; `/api/v1/audit-events`. */
@Module({
  controllers: [AuditController],
  providers: [AuditEventsRepository, AuditLog],
  exports: [AuditLog],
})
export class AuditModule {}
