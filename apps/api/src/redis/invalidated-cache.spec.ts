import { TestClock } from '../../test/support/test-clock';
import { CACHE_TTL_MS, DEGRADED_CACHE_TTL_MS, InvalidatedCache } from './invalidated-cache';
import { Invalidations } from './invalidations';

describe('InvalidatedCache', () => {
  let clock: TestClock;
  let invalidations: Invalidations;
  let loads: string[];
  let release: (() => void)[];
  let cache: InvalidatedCache<string | undefined>;
  beforeEach(() => {
    clock = new TestClock(true);
    invalidations = new Invalidations();
    loads = [];
    release = [];
    cache = new InvalidatedCache(
      invalidations,
      'user',
      async (id) => {
        loads.push(id);
        await new Promise<void>((resolve) => release.push(resolve));
        return id === 'gone' ? undefined : `${id}@${loads.length}`;
      },
      clock,
    );
  });
  /** Lets every load under way finish. */
  const settle = async () => {
    while (release.length) release.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };

  it('loads a miss once however many ask, then answers synchronously', async () => {
    const asked = [cache.get('a'), cache.get('a'), cache.get('a')];
    await settle();
    expect(await Promise.all(asked)).toEqual(['a@1', 'a@1', 'a@1']);
    expect(cache.get('a')).toBe('a@1');
    expect(loads).toEqual(['a']);
  });

  it('remembers that something does not exist', async () => {
    const first = cache.get('gone');
    await settle();
    expect(await first).toBeUndefined();
    expect(cache.get('gone')).toBeUndefined();
    expect(loads).toEqual(['gone']);
  });

  it('forgets on invalidation, and does not store a load that was under way then', async () => {
    const first = cache.get('a');
    cache.invalidate('a');
    await settle();
    expect(await first).toBe('a@1');
    const second = cache.get('a');
    expect(second).toBeInstanceOf(Promise);
    await settle();
    expect(await second).toBe('a@2');
  });

  it(`reads again after ${CACHE_TTL_MS / 1000} s, and after ${DEGRADED_CACHE_TTL_MS / 1000} s while Redis is away`, async () => {
    const first = cache.get('a');
    await settle();
    await first;
    clock.advance(CACHE_TTL_MS - 1);
    expect(cache.get('a')).toBe('a@1');
    clock.advance(2);
    expect(cache.get('a')).toBeInstanceOf(Promise);
    await settle();
    expect(cache.get('a')).toBe('a@2');
    const degraded = jest.spyOn(invalidations, 'degraded', 'get').mockReturnValue(true);
    clock.advance(DEGRADED_CACHE_TTL_MS - 1);
    expect(cache.get('a')).toBe('a@2');
    clock.advance(1);
    expect(cache.get('a')).toBeInstanceOf(Promise);
    degraded.mockRestore();
    await settle();
    expect(cache.get('a')).toBe('a@3');
  });
});
