import { Global, Module } from '@nestjs/common';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditController } from './audit.controller';
import { AuditLog } from './audit-log';

/** Global: every domain records events. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditEventsRepository, AuditLog],
  exports: [AuditLog],
})
export class AuditModule {}
