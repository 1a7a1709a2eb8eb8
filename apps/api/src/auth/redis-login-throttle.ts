import { ErrorCode } from '@lightbox/auth-contracts';
import { AppError } from '../http/app-error';
import type { RedisLink } from '../redis/redis-link';
import {
  BLOCK_MEMORY_MS,
  FIRST_BLOCK_MS,
  IP_LIMIT,
  LoginThrottle,
  MAX_BLOCK_MS,
  TRUSTED_FOR_MS,
  USERNAME_LIMIT,
  WINDOW_MS,
} from './login-throttle';

const KEY_PREFIX = 'lightbox:login';

/**
 * The checks and the counting of one attempt, atomically: instances racing on one username cannot
 * both slip under the limit. KEYS: username counter, address counter ('' for none), trusted marker.
 * A counter is a hash of its window start, attempts in that window, block end and blocks so far.
 */
const ATTEMPT = `
local now, window, firstBlock, maxBlock, memory = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local limits = { tonumber(ARGV[6]), tonumber(ARGV[7]) }
local counters = { KEYS[1] }
if KEYS[2] ~= '' then counters[2] = KEYS[2] end
local wait = 0
for i, key in ipairs(counters) do
  if i == 2 or redis.call('EXISTS', KEYS[3]) == 0 then
    wait = math.max(wait, tonumber(redis.call('HGET', key, 'blocked_until') or '0') - now)
  end
end
if wait > 0 then return wait end
for i, key in ipairs(counters) do
  local c = redis.call('HMGET', key, 'window_start', 'attempts', 'blocked_until', 'blocks')
  local windowStart, attempts, blockedUntil, blocks = tonumber(c[1] or '0'), tonumber(c[2] or '0'), tonumber(c[3] or '0'), tonumber(c[4] or '0')
  if blocks > 0 and now - blockedUntil > memory then blocks = 0 end
  if now - windowStart >= window then windowStart, attempts = now, 0 end
  attempts = attempts + 1
  if attempts >= limits[i] then
    blockedUntil = now + math.min(firstBlock * 2 ^ blocks, maxBlock)
    blocks, attempts = blocks + 1, 0
  end
  redis.call('HSET', key, 'window_start', windowStart, 'attempts', attempts, 'blocked_until', blockedUntil, 'blocks', blocks)
  redis.call('PEXPIRE', key, memory + maxBlock)
end
return 0
`;

const SUCCEEDED = `
redis.call('DEL', KEYS[1])
if KEYS[2] ~= '' then
  if tonumber(redis.call('HGET', KEYS[2], 'attempts') or '0') > 0 then redis.call('HINCRBY', KEYS[2], 'attempts', -1) end
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[1])
end
return 0
`;

/**
 * LoginThrottle for several instances: the counters live in Redis, so failures spread over the
 * instances trip the limit at the same count as on one. Fails closed: while Redis does not answer,
 * logins are refused with 503, never let through unlimited.
 */
export class RedisLoginThrottle extends LoginThrottle {
  constructor(private readonly redis: RedisLink) {
    super();
  }

  async attempt(username: string, ip: string | null): Promise<number> {
    const waitMs = await this.run(ATTEMPT, this.keys(username, ip), [
      Date.now(), WINDOW_MS, FIRST_BLOCK_MS, MAX_BLOCK_MS, BLOCK_MEMORY_MS, USERNAME_LIMIT, IP_LIMIT,
    ]);
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  async succeeded(username: string, ip: string | null): Promise<void> {
    await this.run(SUCCEEDED, this.keys(username, ip), [TRUSTED_FOR_MS]);
  }

  private keys(username: string, ip: string | null): string[] {
    const user = username.toLowerCase();
    return [`${KEY_PREFIX}:user:${user}`, ip ? `${KEY_PREFIX}:ip:${ip}` : '', ip ? `${KEY_PREFIX}:trusted:${user}@${ip}` : ''];
  }

  private async run(script: string, keys: string[], args: number[]): Promise<number> {
    try {
      return Number(await this.redis.commands.eval(script, keys.length, ...keys, ...args));
    } catch {
      throw new AppError(ErrorCode.ServiceUnavailable, 'Logging in is unavailable for a moment; try again shortly.');
    }
  }
}
