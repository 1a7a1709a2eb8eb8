import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { ClockModule } from '../clock/clock.module';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseHandle } from '../database/database';
import { DatabaseModule } from '../database/database.module';
import { RedisModule } from '../redis/redis.module';
import { SecondFactorsModule } from '../second-factors/second-factors.module';
import { UsersModule } from '../users/users.module';

/** The services the operator CLI drives: the API's own, on the same database, without HTTP or the guard. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, database: DatabaseHandle): DynamicModule {
    return {
      module: CliModule,
      imports: [ClockModule.forRoot(), ConfigModule.forRoot(config), DatabaseModule.forRoot(database), RedisModule.forRoot(config.redisUrl), ApiKeysModule, SecondFactorsModule, UsersModule],
    };
  }
}
