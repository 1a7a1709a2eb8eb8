import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { Invalidations } from './invalidations';
import { RedisLink } from './redis-link';

/** With REDIS_URL, a RedisLink for whoever injects it (@Optional); without, none. Invalidations always. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(redisUrl: string | undefined): DynamicModule {
    const providers: Provider[] = [Invalidations, ...(redisUrl ? [{ provide: RedisLink, useFactory: () => new RedisLink(redisUrl) }] : [])];
    return { module: RedisModule, providers, exports: [Invalidations, ...(redisUrl ? [RedisLink] : [])] };
  }
}
