import { Clock } from '../../src/clock/clock';

/** The app's clock, moved by the test instead of waited for. Starts at the real time. */
export class TestClock extends Clock {
  private offsetMs = 0;

  override now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
