import type { AuthMethod } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { refreshSessions } from '../database/schema';

/** When and how a session last proved who holds it: what its refreshed tokens carry as `auth_time` and `amr`. */
@Injectable()
export class SessionAuthenticationsRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async mark(sessionId: string, at: Date, amr: readonly AuthMethod[]): Promise<void> {
    await this.db.update(refreshSessions).set({ authenticatedAt: at, amr: [...amr] }).where(eq(refreshSessions.id, sessionId));
  }
}
