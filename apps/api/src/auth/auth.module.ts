import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { API_KEY_RATES, ApiKeyVerifier } from '../api-keys/api-key-verifier';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { FailoverThrottlerStorage } from '../redis/failover-throttler-storage';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { AccessTokenService } from './access-token.service';
import { ApiKeyStrategy } from './api-key.strategy';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';
import { ApiKeyGuard } from './api-key.guard';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottle, MemoryLoginThrottle } from './login-throttle';
import { RedisLoginThrottle } from './redis-login-throttle';
import { RedisLink } from '../redis/redis-link';
import { RefreshSessionsRepository } from './refresh-sessions.repository';
import { SameOriginGuard } from './same-origin.guard';
import { SessionStateCache } from './session-state.cache';
import { TokenController } from './token.controller';
import { UserStateCache } from './user-state.cache';

@Module({
  imports: [
    PassportModule,
    UsersModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject: jsonwebtoken would otherwise turn a string secret into a key on every call.
        secretOrKeyProvider: () => config.jwt.secret as unknown as string,
        signOptions: {
          algorithm: 'HS256',
          issuer: config.jwt.issuer,
          audience: config.jwt.audience,
          expiresIn: config.jwt.accessTtlSeconds,
        },
      }),
    }),
  ],
  controllers: [AuthController, TokenController],
  providers: [
    AccessTokenService,
    ApiKeyGuard,
    ApiKeyStrategy,
    ApiKeyVerifier,
    ApiKeysRepository,
    AuthService,
    AuthenticationGuard,
    JwtAuthGuard,
    JwtStrategy,
    {
      provide: LoginThrottle,
      useFactory: (redis?: RedisLink) => (redis ? new RedisLoginThrottle(redis) : new MemoryLoginThrottle()),
      inject: [{ token: RedisLink, optional: true }],
    },
    {
      provide: API_KEY_RATES,
      useFactory: (redis?: RedisLink) =>
        redis
          ? new FailoverThrottlerStorage(redis, new ThrottlerStorageRedisService(redis.commands), new ThrottlerStorageService())
          : new ThrottlerStorageService(),
      inject: [{ token: RedisLink, optional: true }],
    },
    RefreshSessionsRepository,
    SameOriginGuard,
    SessionStateCache,
    UserStateCache,
    { provide: APP_GUARD, useExisting: AuthenticationGuard },
  ],
  exports: [ApiKeyVerifier, ApiKeysRepository, UserStateCache],
})
export class AuthModule {}
