import { z } from 'zod';
import { API_KEY_SCOPES, ROLES, SCOPE_DESCRIPTIONS, SCOPES } from './scopes';

const scopeList = (scopes: readonly (keyof typeof SCOPE_DESCRIPTIONS)[]) =>
  scopes.map((scope) => `- \`${scope}\`: ${SCOPE_DESCRIPTIONS[scope]}.`).join('\n');

export const ScopeSchema = z.enum(SCOPES).meta({ id: 'Scope', description: `A right a principal holds.\n\n${scopeList(SCOPES)}` });

export const ApiKeyScopeSchema = z.enum(API_KEY_SCOPES).meta({
  id: 'ApiKeyScope',
  description: `A scope an API key may hold: never \`users:manage\` nor \`api-keys:manage\`.\n\n${scopeList(API_KEY_SCOPES)}`,
});

export const RoleSchema = z.enum(ROLES).meta({
  id: 'Role',
  description: 'What a person is: `owner` and `admin` hold every scope, `editor` reads and writes images, `viewer` reads them.',
});

/** The owner is made at start-up, never through the API. */
export const AssignableRoleSchema = RoleSchema.exclude(['owner']).meta({
  id: 'AssignableRole',
  description: 'A role that can be given through the API: any but `owner`.',
});
