import { ErrorCode, Health, HealthSchema } from '@lightbox/auth-contracts';
import { Controller, Get, Optional } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '../access/access-rule';
import { DatabaseHandle } from '../database/database';
import { AppError } from '../http/app-error';
import { ApiJsonResponse, ApiNeverUnavailable } from '../openapi/api-responses';
import { RedisLink } from '../redis/redis-link';

const READINESS_TIMEOUT_MS = 2_000;

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseHandle,
    @Optional() private readonly redis?: RedisLink,
  ) {}

  /** Liveness: the process answers. Touches nothing else, so a slow database never restarts us. */
  @Get()
  @ApiOperation({ summary: 'Liveness', description: 'The process answers. It touches nothing else, so a slow database never gets the process restarted.' })
  @ApiJsonResponse(200, HealthSchema, 'Alive.')
  @ApiNeverUnavailable()
  live(): Health {
    return { status: 'ok' };
  }

  /**
   * Readiness: send traffic here only while the database answers. Redis, when configured, is
   * reported but does not decide: without it requests are still served (logins are refused).
   */
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness',
    description: 'Ready while the database answers. Redis, when configured, is reported but does not decide: without it requests are still served, and logins refused.',
  })
  @ApiJsonResponse(200, HealthSchema, 'Ready: the database answers.')
  async ready(): Promise<Health> {
    try {
      await this.database.ping(READINESS_TIMEOUT_MS);
    } catch {
      throw new AppError(ErrorCode.ServiceUnavailable, 'The database does not answer.');
    }
    if (!this.redis) return { status: 'ok', checks: { database: 'up' } };
    const redis = await this.redis.ping(READINESS_TIMEOUT_MS).then(
      () => 'up' as const,
      () => 'down' as const,
    );
    return { status: 'ok', checks: { database: 'up', redis } };
  }
}
