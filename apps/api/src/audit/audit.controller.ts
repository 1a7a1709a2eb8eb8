import { AuditPage, AuditPageSchema, AuditQuerySchema } from '@lightbox/auth-contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { RequireScopes } from '../access/access-rule';
import { AuditLog } from './audit-log';

class AuditQueryDto extends createZodDto(AuditQuerySchema) {}
class AuditPageDto extends createZodDto(AuditPageSchema) {}

@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @RequireScopes('audit:read')
  @ApiOkResponse({ type: AuditPageDto.Output })
  list(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.audit.page(query);
  }
}
