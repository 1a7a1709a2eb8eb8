import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseHandle } from './database/database';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ImagesModule } from './images/images.module';
import { InvitationsModule } from './invitations/invitations.module';
import { OpenApiModule } from './openapi/openapi.module';
import { RedisModule } from './redis/redis.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { requestLogging } from './http/request-logging';
import { AlbumsModule } from './albums/albums.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { Clock } from './clock/clock';
import { ClockModule } from './clock/clock.module';
import { SecondFactorsModule } from './second-factors/second-factors.module';
import { ShareLinksModule } from './share-links/share-links.module';
import { UsersModule } from './users/users.module';

export interface AppModuleOptions {
  config: AppConfig;
  database: DatabaseHandle;
  /** Where request logs go; stdout when absent. */
  logStream?: DestinationStream;
  /** The time the app decides by; tests pass one they move. */
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot({ config, database, logStream, clock }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ClockModule.forRoot(clock),
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(database),
        RedisModule.forRoot(config.redisUrl),
        LoggerModule.forRoot(requestLogging(config, logStream)),
        AlbumsModule,
        ApiKeysModule,
        AuditModule,
        AuthModule,
        HealthModule,
        ImagesModule,
        InvitationsModule,
        OpenApiModule,
        SecondFactorsModule,
        ShareLinksModule,
        UsersModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
