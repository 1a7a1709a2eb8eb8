import { TestClock } from '../../test/support/test-clock';
import { MemoryRateStorage } from './memory-rate-storage';

describe('MemoryRateStorage', () => {
  const MINUTE = 60_000;
  let clock: TestClock;
  let rates: MemoryRateStorage;
  beforeEach(() => {
    clock = new TestClock(true);
    rates = new MemoryRateStorage(clock);
  });
  const hit = (key = 'k') => rates.increment(key, MINUTE, 3, MINUTE);

  it('counts each key in a window from its first request, and blocks past the limit for the block duration', async () => {
    expect((await hit()).totalHits).toBe(1);
    await hit();
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: false });
    expect((await hit('other')).totalHits).toBe(1);
    clock.advance(10_000);
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    clock.advance(30_000);
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 30 });
    clock.advance(30_000);
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('starts a new window once a minute has passed since the first request', async () => {
    await hit();
    await hit();
    clock.advance(MINUTE - 1);
    expect((await hit()).totalHits).toBe(3);
    clock.advance(1);
    expect(await hit()).toMatchObject({ totalHits: 1, timeToExpire: 60 });
  });
});
