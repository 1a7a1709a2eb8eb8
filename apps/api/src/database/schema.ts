import { ROLES } from '@lightbox/auth-contracts';
import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    active: boolean('active').notNull().default(true),
    /** Bumped on password change, deactivation and "log out everywhere": older access tokens die. */
    tokenVersion: integer('token_version').notNull().default(0),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('users_username_lower_key').on(sql`lower(${table.username})`),
    // At most one owner: the partial unique index makes a second owner impossible, even under a race.
    uniqueIndex('users_single_owner_key').on(table.role).where(sql`${table.role} = 'owner'`),
    check('users_role_check', sql`${table.role} in ('owner', 'admin', 'editor', 'viewer')`),
  ],
);

export type UserRow = typeof users.$inferSelect;
