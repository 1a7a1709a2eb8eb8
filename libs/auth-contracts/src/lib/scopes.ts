/** Every scope a principal can hold. A new scope goes here and into ROLE_SCOPES in one change. */
export const SCOPES = [
  'images:read',
  'images:write',
  'api-keys:manage',
  'users:manage',
  'audit:read',
] as const;

export type Scope = (typeof SCOPES)[number];

export const ROLES = ['owner', 'admin', 'editor', 'viewer'] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  owner: SCOPES,
  admin: SCOPES,
  editor: ['images:read', 'images:write'],
  viewer: ['images:read'],
};


export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
