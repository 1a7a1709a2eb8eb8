/**
 * Every scope a principal can hold. A new scope goes here, into ROLE_SCOPES and SCOPE_DESCRIPTIONS
 * (the OpenAPI oauth2 flow is built from them), in one change.
 */
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

export const SCOPE_DESCRIPTIONS: Readonly<Record<Scope, string>> = {
  'images:read': 'See every image, private ones included',
  'images:write': 'Upload, edit and delete images',
  'api-keys:manage': 'Create, rotate and revoke API keys',
  'users:manage': 'Create, change and deactivate users',
  'audit:read': 'Read the audit log',
};

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
