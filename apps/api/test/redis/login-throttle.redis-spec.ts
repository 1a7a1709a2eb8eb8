import { RedisLoginThrottle } from '../../src/auth/redis-login-throttle';
import { RedisLink } from '../../src/redis/redis-link';
import { describeLoginThrottle } from '../support/login-throttle-behaviour';

const url = process.env['REDIS_URL'];
if (!url) throw new Error('REDIS_URL is unset: the Redis suite needs a server (npm run test:redis)');
const redis = new RedisLink(url);

describeLoginThrottle(
  'in Redis',
  async (clock) => {
    await redis.connected();
    return { throttle: new RedisLoginThrottle(redis, clock), clock };
  },
  () => redis.onApplicationShutdown(),
);
