import { ErrorCode } from '@lightbox/auth-contracts';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock';
import { AppError } from '../http/app-error';
import type { RedisLink } from '../redis/redis-link';
import { normalizeUsername } from '../users/username';
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
 * both slip under the limit. Time is the app's Clock (as for token expiry, instances' clocks are
 * assumed to agree within a second; the windows are a minute and more). KEYS: the
 * username's and the address's block state (hashes), the trusted marker, then the username's and
 * the address's attempts (sorted sets: a sliding window, as in MemoryLoginThrottle). An absent
 * address is ''.
 */
const ATTEMPT = `
local now = tonumber(ARGV[8])
local window, firstBlock, maxBlock, memory = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local limits = { tonumber(ARGV[5]), tonumber(ARGV[6]) }
local member = ARGV[7]
local trustedAt = tonumber(redis.call('GET', KEYS[3]) or '-1')
local trusted = trustedAt >= 0 and trustedAt > now - tonumber(ARGV[9])
local counters = { { KEYS[1], KEYS[4] } }
if KEYS[2] ~= '' then counters[2] = { KEYS[2], KEYS[5] } end
local wait = 0
for i, counter in ipairs(counters) do
  if i == 2 or not trusted then
    wait = math.max(wait, tonumber(redis.call('HGET', counter[1], 'blocked_until') or '0') - now)
  end
end
if wait > 0 then return wait end
for i, counter in ipairs(counters) do
  local state, attempts = counter[1], counter[2]
  local held = redis.call('HMGET', state, 'blocked_until', 'blocks')
  local blockedUntil, blocks = tonumber(held[1] or '0'), tonumber(held[2] or '0')
  if blocks > 0 and now - blockedUntil > memory then blocks = 0 end
  redis.call('ZREMRANGEBYSCORE', attempts, '-inf', now - window)
  redis.call('ZADD', attempts, now, member)
  if redis.call('ZCARD', attempts) >= limits[i] then
    blockedUntil = now + math.min(firstBlock * 2 ^ blocks, maxBlock)
    blocks = blocks + 1
    redis.call('DEL', attempts)
  else
    redis.call('PEXPIRE', attempts, window)
  end
  redis.call('HSET', state, 'blocked_until', blockedUntil, 'blocks', blocks)
  redis.call('PEXPIRE', state, memory + maxBlock)
end
return 0
`;

const SUCCEEDED = `
redis.call('DEL', KEYS[1], KEYS[4])
if KEYS[2] ~= '' then
  redis.call('ZPOPMAX', KEYS[5])
  redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[1])
end
return 0
`;

/**
 * LoginThrottle for several instances: the counters live in Redis, so failures spread over the
 * instances trip the limit at the same count as on one. Fails closed: while Redis does not answer,
 * logins are refused with 503, never let through unlimited.
 */
export class RedisLoginThrottle extends LoginThrottle {
  constructor(
    private readonly redis: RedisLink,
    private readonly clock: Clock,
  ) {
    super();
  }

  async attempt(username: string, ip: string | null): Promise<number> {
    const waitMs = await this.run(ATTEMPT, this.keys(username, ip), [
      WINDOW_MS, FIRST_BLOCK_MS, MAX_BLOCK_MS, BLOCK_MEMORY_MS, USERNAME_LIMIT, IP_LIMIT, randomUUID(), this.clock.now(), TRUSTED_FOR_MS,
    ]);
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  async succeeded(username: string, ip: string | null): Promise<void> {
    await this.run(SUCCEEDED, this.keys(username, ip), [TRUSTED_FOR_MS, this.clock.now()]);
  }

  private keys(username: string, ip: string | null): string[] {
    const name = normalizeUsername(username);
    const user = `${KEY_PREFIX}:user:${name}`;
    const address = ip ? `${KEY_PREFIX}:ip:${ip}` : '';
    const trusted = ip ? `${KEY_PREFIX}:trusted:${name}@${ip}` : '';
    return [user, address, trusted, `${user}:attempts`, address && `${address}:attempts`];
  }

  private async run(script: string, keys: string[], args: (number | string)[]): Promise<number> {
    try {
      return Number(await this.redis.commands.eval(script, keys.length, ...keys, ...args));
    } catch {
      throw new AppError(ErrorCode.ServiceUnavailable, 'Logging in is unavailable for a moment; try again shortly.');
    }
  }
}
