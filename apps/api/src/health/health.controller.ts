import { ErrorCode, Health, HealthSchema } from '@lightbox/auth-contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { Public } from '../auth/access-rule';
import { DatabaseHandle } from '../database/database';
import { AppError } from '../http/app-error';
import { ApiProblems } from '../openapi/api-problems.decorator';

class HealthDto extends createZodDto(HealthSchema) {}

const READINESS_TIMEOUT_MS = 2_000;

@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly database: DatabaseHandle) {}

  /** Liveness: the process answers. Touches nothing else, so a slow database never restarts us. */
  @Get()
  @ApiOkResponse({ type: HealthDto.Output })
  live(): Health {
    return { status: 'ok' };
  }

  /** Readiness: send traffic here only while the database answers. */
  @Get('ready')
  @ApiOkResponse({ type: HealthDto.Output })
  @ApiProblems(503)
  async ready(): Promise<Health> {
    try {
      await this.database.ping(READINESS_TIMEOUT_MS);
    } catch {
      throw new AppError(ErrorCode.ServiceUnavailable, 'The database does not answer.');
    }
    return { status: 'ok', checks: { database: 'up' } };
  }
}
