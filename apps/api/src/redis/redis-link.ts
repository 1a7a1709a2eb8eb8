import { Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis, { type RedisOptions } from 'ioredis';

const CONNECT_TIMEOUT_MS = 2_000;
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

  constructor(url: string) {
    const options: RedisOptions = { connectTimeout: CONNECT_TIMEOUT_MS, retryStrategy, maxRetriesPerRequest: 0 };
    this.commands = new Redis(url, { ...options, enableOfflineQueue: false });
    // The subscriber queues SUBSCRIBE until it is connected, and re-subscribes after a reconnect.
    this.subscriber = new Redis(url, options);
    for (const client of [this.commands, this.subscriber]) {
      client.on('error', (error: Error) => this.noteLoss(error));
      client.on('close', () => this.noteLoss());
      client.on('ready', () => this.noteReady());
    }
    this.subscriber.on('message', (channel: string, message: string) => this.messageHandlers.get(channel)?.(message));
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

  async subscribe(channel: string, handler: (message: string) => void): Promise<void> {
    this.messageHandlers.set(channel, handler);
    await this.subscriber.subscribe(channel);
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
    // QUIT lets published invalidations go out first (the CLI exits right after its change).
    await Promise.all([this.commands, this.subscriber].map((client) => client.quit().catch(() => client.disconnect())));
  }

  private noteLoss(error?: Error): void {
    if (this.lost || this.closing || this.healthy) return;
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
