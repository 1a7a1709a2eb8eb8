import { type ManagedUser, ROLE_SCOPES, type User } from '@lightbox/auth-contracts';
import type { UserRow } from '../database/schema';

/** A user as the API shows it: never the hash, always the scopes the role grants. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    scopes: [...ROLE_SCOPES[row.role]],
    active: row.active,
    created_at: row.createdAt.toISOString(),
  };
}

/** What administrators see: whether the person has a second factor, never which or what. */
export function toManagedUser(row: UserRow & { secondFactor: boolean }): ManagedUser {
  return { ...toUser(row), second_factor: row.secondFactor };
}
