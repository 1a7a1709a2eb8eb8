import { Injectable } from '@nestjs/common';

type DepartureHandler = (userId: string) => Promise<void>;

/**
 * What other domains undo when a user leaves (is deactivated or deleted), without users/ knowing
 * them: the user's API keys are revoked, for one. Each registers when its module starts; a
 * departure waits for all of them, so the caller's 2xx comes after the keys stopped working.
 */
@Injectable()
export class UserDepartures {
  private readonly handlers: DepartureHandler[] = [];

  onDeparture(handler: DepartureHandler): void {
    this.handlers.push(handler);
  }

  async depart(userId: string): Promise<void> {
    for (const handler of this.handlers) await handler(userId);
  }
}
