import { AuditPage, AuditPageSchema, AuditQuery, AuditQuerySchema } from '@lightbox/auth-contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { RequireScopes } from '../access/access-rule';
import { ValidQuery } from '../openapi/validated-input';
import { ApiJsonResponse } from '../openapi/api-responses';
import { AuditLog } from './audit-log';

@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @RequireScopes('audit:read')
  @ApiOperation({ summary: 'Read the audit log', description: 'Newest first, a page at a time; filter by action or actor, or leave one action out.' })
  @ApiJsonResponse(200, AuditPageSchema, 'One page of events.')
  list(@ValidQuery(AuditQuerySchema) query: AuditQuery): Promise<AuditPage> {
    return this.audit.page(query);
  }
}
