type LockTask = (lock: { name: string }) => unknown;

/**
 * `navigator.locks` as a browser grants it (jsdom has none): one holder per name, the next in line
 * only after it lets go, and never in the same step as the request.
 */
export class QueuedLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  request(name: string, optionsOrTask: object | LockTask, maybeTask?: LockTask): Promise<unknown> {
    const task = (typeof optionsOrTask === 'function' ? optionsOrTask : maybeTask) as LockTask;
    const previous = this.tails.get(name) ?? Promise.resolve();
    const granted = previous.then(() => new Promise((resolve) => setTimeout(resolve))).then(() => task({ name }));
    this.tails.set(name, granted.catch(() => undefined));
    return granted;
  }

  /** Takes the lock as another tab would; call the result to let go. */
  hold(name: string): () => void {
    let released = false;
    let release: (() => void) | undefined;
    void this.request(name, () => (released ? undefined : new Promise<void>((resolve) => (release = resolve))));
    return () => {
      released = true;
      release?.();
    };
  }

  install(): () => void {
    Object.defineProperty(navigator, 'locks', { value: this, configurable: true });
    return () => delete (navigator as { locks?: unknown }).locks;
  }
}
