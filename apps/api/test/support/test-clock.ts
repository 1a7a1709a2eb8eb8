import { Clock } from '../../src/clock/clock';

/**
 * The app's clock, moved by the test instead of waited for. It starts at the real time and runs
 * on with it, unless `stopped`: then only `advance` moves it (lifetimes judged to the millisecond).
 */
export class TestClock extends Clock {
  private readonly startedAt = Date.now();
  private offsetMs = 0;

  constructor(private readonly stopped = false) {
    super();
  }

  override now(): number {
    return (this.stopped ? this.startedAt : Date.now()) + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
