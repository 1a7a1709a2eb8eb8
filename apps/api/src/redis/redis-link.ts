import { Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';

const CONNECT_TIMEOUT_MS = 2_000;
/** A Redis that stops answering without closing the connection must not hold requests up. */
const COMMAND_TIMEOUT_MS = 500;
const HEARTBEAT_MS = 1_000;
/** Reconnect forever, backing off to one attempt every 2 s. */
const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2_000);

/**
 * The connection to Redis (REDIS_URL), shared by the instances of a deployment. Commands fail at
 * once while it is down (no offline queue), so callers decide: login fails closed, caches fall back
 * to short lifetimes. A loss is logged once, the recovery once, and recovery is automatic.
 */
export class RedisLink implements OnApplicationShutdown {
  readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly logger = new Logger('Redis');
  private readonly recoveryHandlers: (() => void)[] = [];
  private readonly messageHandlers = new Map<string, (message: string) => void>();
  private lost = false;
  private closing = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(url: string) {
    const options: RedisOptions = { connectTimeout: CONNECT_TIMEOUT_MS, retryStrategy, keepAlive: 10_000 };
    this.commands = new Redis(url, { ...options, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: COMMAND_TIMEOUT_MS });
    // The subscriber queues SUBSCRIBE until it is connected (however long that takes), and
    // subscribes again after every reconnect.
    this.subscriber = new Redis(url, { ...options, maxRetriesPerRequest: null });
    for (const client of [this.commands, this.subscriber]) {
      client.on('error', (error: Error) => this.noteLoss(error));
      client.on('close', () => this.noteLoss());
      client.on('ready', () => this.noteReady());
    }
    this.subscriber.on('message', (channel: string, message: string) => this.messageHandlers.get(channel)?.(message));
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
  }

  /** Both connections are up: commands work and published messages arrive. */
  get healthy(): boolean {
    return this.commands.status === 'ready' && this.subscriber.status === 'ready';
  }

  /** The Redis database number of REDIS_URL: channels are server-wide, so they are named with it. */
  get database(): number {
    return this.commands.options.db ?? 0;
  }

  /** Waits (briefly) for the first connection, so that a healthy start does not begin degraded. */
  async connected(timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.healthy && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    if (!this.healthy) this.noteLoss(new Error('no connection at start-up'));
  }

  /** Takes effect whenever the subscriber is (or gets) connected; never holds start-up. */
  subscribe(channel: string, handler: (message: string) => void): void {
    this.messageHandlers.set(channel, handler);
    this.subscriber.subscribe(channel).catch((error: Error) => this.noteLoss(error));
  }

  /** Called after an outage: whatever was published meanwhile was missed. */
  onRecovery(handler: () => void): void {
    this.recoveryHandlers.push(handler);
  }

  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('Redis did not answer')), timeoutMs)));
    try {
      await Promise.race([this.commands.ping(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    // QUIT lets published invalidations go out first (the CLI exits right after its change), but
    // a Redis that does not answer gets no more than a moment.
    await Promise.all(
      [this.commands, this.subscriber].map((client) =>
        Promise.race([client.quit(), new Promise((resolve) => setTimeout(resolve, COMMAND_TIMEOUT_MS))])
          .catch(() => undefined)
          .finally(() => client.disconnect()),
      ),
    );
  }

  /**
   * A stalled server keeps its connections "ready": a PING that times out drops them, so that
   * the status tells the truth (reconnecting) and callers fall back until it answers again.
   */
  private async beat(): Promise<void> {
    if (this.closing || this.commands.status !== 'ready') return;
    try {
      await this.commands.ping();
    } catch (error) {
      if (this.closing) return;
      this.noteLoss(error as Error, true);
      this.commands.disconnect(true);
      this.subscriber.disconnect(true);
    }
  }

  /** `stalled`: the connections look ready, but the server does not answer. */
  private noteLoss(error?: Error, stalled = false): void {
    if (this.lost || this.closing || (this.healthy && !stalled)) return;
    this.lost = true;
    this.logger.warn(
      `Redis is unreachable${error ? ` (${error.message})` : ''}: logins are refused, and caches keep entries briefly, until it is back.`,
    );
  }

  private noteReady(): void {
    if (!this.healthy || !this.lost) return;
    this.lost = false;
    this.logger.log('Redis is back: shared limits and cache invalidations are on again.');
    for (const handler of this.recoveryHandlers) handler();
  }
}
