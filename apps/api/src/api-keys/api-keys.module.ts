import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { Clock } from '../clock/clock';
import { rateStorage } from '../redis/failover-throttler-storage';
import { RedisLink } from '../redis/redis-link';
import { UsersModule } from '../users/users.module';
import { API_KEY_RATES, ApiKeyVerifier } from './api-key-verifier';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';

/** API keys: storage, verification (for the guard), rate limits, `/api/v1/api-keys`. */
@Module({
  imports: [AuditModule, UsersModule],
  controllers: [ApiKeysController],
  providers: [
    ApiKeysRepository,
    ApiKeysService,
    ApiKeyVerifier,
    {
      provide: API_KEY_RATES,
      useFactory: rateStorage,
      inject: [Clock, { token: RedisLink, optional: true }],
    },
  ],
  exports: [ApiKeysService, ApiKeyVerifier],
})
export class ApiKeysModule {}
