import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseHandle } from '../database/database';
import { DatabaseModule } from '../database/database.module';
import { RedisModule } from '../redis/redis.module';
import { UsersAdminModule } from '../users/users-admin.module';
import { UsersModule } from '../users/users.module';

/** The services the operator CLI drives: the API's own, on the same database, without HTTP. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, database: DatabaseHandle): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(database),
        RedisModule.forRoot(config.redisUrl),
        AuditModule,
        AuthModule,
        ApiKeysModule,
        UsersModule,
        UsersAdminModule,
      ],
    };
  }
}
