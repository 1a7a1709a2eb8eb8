import { Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RedisLink } from './redis-link';

export type InvalidationKind = 'user' | 'session' | 'api_key' | 'gallery' | 'image' | 'share_link';

interface Listener {
  drop(id: string): void;
  dropAll(): void;
}

interface Message {
  from: string;
  kind: InvalidationKind;
  /** Absent: everything of that kind. */
  id?: string;
}

/**
 * Tells every instance to forget what it cached about a user, a session, an API key or the
 * gallery. Applied here at once; with Redis, published so the other instances apply it within
 * milliseconds. Without Redis there is one instance and nothing to tell. When Redis is configured but down, `degraded` asks caches to
 * keep entries briefly, and after it is back they are emptied: messages may have been missed.
 */
@Injectable()
export class Invalidations implements OnModuleInit {
  private readonly logger = new Logger(Invalidations.name);
  private readonly listeners = new Map<InvalidationKind, Listener>();
  private readonly origin = randomUUID();
  private readonly channel: string | undefined;

  constructor(@Optional() private readonly redis?: RedisLink) {
    this.channel = redis ? `lightbox:${redis.database}:invalidations` : undefined;
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis || !this.channel) return;
    this.redis.onRecovery(() => this.dropAll());
    this.redis.subscribe(this.channel, (message) => this.receive(message));
    // A healthy start should not begin degraded; a Redis that is down does not stop the start.
    await this.redis.connected();
  }

  get degraded(): boolean {
    return this.redis !== undefined && !this.redis.healthy;
  }

  /** Every cache on this instance forgets everything: after a Redis outage (messages may have been missed), and between tests. */
  dropAll(): void {
    this.listeners.forEach((listener) => listener.dropAll());
  }

  listen(kind: InvalidationKind, listener: Listener): void {
    this.listeners.set(kind, listener);
  }

  /** Without an id, every instance forgets everything of that kind. */
  publish(kind: InvalidationKind, id?: string): void {
    this.apply(kind, id);
    if (!this.redis || !this.channel) return;
    const message: Message = { from: this.origin, kind, id };
    this.redis.commands
      .publish(this.channel, JSON.stringify(message))
      .catch((error: Error) => this.logger.warn(`Invalidation of ${kind} ${id ?? '(all)'} not published: ${error.message}`));
  }

  private receive(raw: string): void {
    let message: Message;
    try {
      message = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    if (message.from !== this.origin && (message.id === undefined || typeof message.id === 'string')) this.apply(message.kind, message.id);
  }

  private apply(kind: InvalidationKind, id: string | undefined): void {
    const listener = this.listeners.get(kind);
    if (id === undefined) listener?.dropAll();
    else listener?.drop(id);
  }
}
