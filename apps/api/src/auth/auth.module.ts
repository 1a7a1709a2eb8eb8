import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AuditModule } from '../audit/audit.module';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { InvitationsModule } from '../invitations/invitations.module';
import { rateStorage } from '../redis/failover-throttler-storage';
import { RedisLink } from '../redis/redis-link';
import { SecondFactorsModule } from '../second-factors/second-factors.module';
import { UsersModule } from '../users/users.module';
import { AccessTokenService } from './access-token.service';
import { ApiKeyStrategy } from './api-key.strategy';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationGuard } from './authentication.guard';
import { ApiKeyGuard } from './api-key.guard';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JoinController } from './join.controller';
import { JoinService, SIGNUP_RATES } from './join.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottle, MemoryLoginThrottle } from './login-throttle';
import { RedisLoginThrottle } from './redis-login-throttle';
import { RefreshSessionsRepository } from './refresh-sessions.repository';
import { SameOriginGuard } from './same-origin.guard';
import { ShareLinksModule } from '../share-links/share-links.module';
import { ShareAccessController } from './share-access.controller';
import { ShareAccessService } from './share-access.service';
import { ShareLinkGuard } from './share-link.guard';
import { ShareLinkStrategy } from './share-link.strategy';
import { SessionStateCache } from './session-state.cache';
import { StepUp } from './step-up';
import { TokenController } from './token.controller';

/**
 * Who is calling: the one global guard and its strategies, and the ways in (login, refresh,
 * sessions, the OAuth token endpoint, joining). It reads users and keys through their modules' exports and
 * exports nothing: domains see only the principal and the decorators of access/.
 */
@Module({
  imports: [
    ApiKeysModule,
    AuditModule,
    InvitationsModule,
    PassportModule,
    SecondFactorsModule,
    ShareLinksModule,
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
  controllers: [AuthController, JoinController, ShareAccessController, TokenController],
  providers: [
    AccessTokenService,
    ApiKeyGuard,
    ApiKeyStrategy,
    AuthService,
    AuthenticationGuard,
    JoinService,
    JwtAuthGuard,
    JwtStrategy,
    {
      provide: LoginThrottle,
      useFactory: (clock: Clock, redis?: RedisLink) => (redis ? new RedisLoginThrottle(redis, clock) : new MemoryLoginThrottle(clock)),
      inject: [Clock, { token: RedisLink, optional: true }],
    },
    {
      provide: SIGNUP_RATES,
      useFactory: rateStorage,
      inject: [Clock, { token: RedisLink, optional: true }],
    },
    RefreshSessionsRepository,
    SameOriginGuard,
    SessionStateCache,
    ShareAccessService,
    ShareLinkGuard,
    ShareLinkStrategy,
    StepUp,
    { provide: APP_GUARD, useExisting: AuthenticationGuard },
  ],
})
export class AuthModule {}
