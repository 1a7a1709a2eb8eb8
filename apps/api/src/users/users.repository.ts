import { Role } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import type { Database } from '../database/database';
import { InjectDatabase } from '../database/database.module';
import { UserRow, users } from '../database/schema';

export interface NewUser {
  username: string;
  passwordHash: string;
  role: Role;
}

@Injectable()
export class UsersRepository {
  constructor(@InjectDatabase() private readonly db: Database) {}

  async findOwner(): Promise<UserRow | undefined> {
    const [owner] = await this.db.select().from(users).where(eq(users.role, 'owner')).limit(1);
    return owner;
  }

  /** Inserts unless the username (any case) or the single owner slot is taken; returns the new row if any. */
  async insertIfAbsent(user: NewUser): Promise<UserRow | undefined> {
    const [row] = await this.db.insert(users).values(user).onConflictDoNothing().returning();
    return row;
  }
}
