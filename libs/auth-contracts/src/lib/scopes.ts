/** Every scope a principal can hold. A new scope goes here and into ROLE_SCOPES in one change. */
export const SCOPES = [
  'images:read',
  'images:write',
  'api-keys:manage',
  'users:manage',
  'audit:read',
] as const;

export type Scope = (typeof SCOPES)[number];

/** What each scope allows, in words for people: the OpenAPI document and the SPA show these. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<Scope, string>> = {
  'images:read': 'See every image, private ones included',
  'images:write': 'Upload images, and change or delete your own',
  'api-keys:manage': 'Create, rotate and revoke API keys',
  'users:manage': "Manage users, and change anyone's images",
  'audit:read': 'Read the audit log',
};

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
