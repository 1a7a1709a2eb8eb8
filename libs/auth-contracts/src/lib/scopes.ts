/** Every scope a principal can hold. A new scope goes here and into ROLE_SCOPES in one change. */
export const SCOPES = [
  'images:read',
  'images:write',
  'api-keys:manage',
  'users:manage',
  'audit:read',
] as const;

export type Scope = (typeof SCOPES)[number];

/**
 * The scopes an API key may hold: what a program can use. Never `users:manage` (a key never
 * creates a person, sets a password or changes a role) nor `api-keys:manage` (a key never manages
 * keys); a key stored with either before this rule simply does not have it.
 */
export const API_KEY_SCOPES = ['images:read', 'images:write', 'audit:read'] as const satisfies readonly Scope[];

export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

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

/**
 * The roles a person may give others (an invitation, a new user): none above their own, never
 * `owner`, and only if they manage users at all. ROLES runs from the most to the least.
 */
export function rolesGrantableBy(role: Role): Role[] {
  if (!ROLE_SCOPES[role].includes('users:manage')) return [];
  return ROLES.slice(ROLES.indexOf(role)).filter((granted) => granted !== 'owner');
}

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}
