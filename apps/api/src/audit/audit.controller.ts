import { AuditPage, AuditQuerySchema } from '@lightbox/auth-contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { createZodDto } from 'nestjs-zod';
import { RequireScopes } from '../auth/access-rule';
import { AuditLog } from './audit-log';

class AuditQueryDto extends createZodDto(AuditQuerySchema) {}

@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @RequireScopes('audit:read')
  list(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.audit.page(query);
  }
}
