import { API_KEY_SCOPES, isApiKeyScope, ROLE_SCOPES, ROLES, SCOPES } from './scopes';

describe('role → scope map', () => {
  it.each(ROLES)('gives %s only known scopes', (role) => {
    for (const scope of ROLE_SCOPES[role]) expect(SCOPES).toContain(scope);
  });

  it('gives owner and admin every scope', () => {
    expect([...ROLE_SCOPES.owner].sort()).toEqual([...SCOPES].sort());
    expect([...ROLE_SCOPES.admin].sort()).toEqual([...SCOPES].sort());
  });

  it('lets an editor write images but manage nothing', () => {
    expect(ROLE_SCOPES.editor).toEqual(['images:read', 'images:write']);
  });

  it('lets a viewer only read', () => {
    expect(ROLE_SCOPES.viewer).toEqual(['images:read']);
  });
});

describe('scopes of API keys', () => {
  it('never include managing users or keys', () => {
    expect(API_KEY_SCOPES).not.toContain('users:manage');
    expect(API_KEY_SCOPES).not.toContain('api-keys:manage');
    for (const scope of API_KEY_SCOPES) expect(SCOPES).toContain(scope);
    expect(isApiKeyScope('users:manage')).toBe(false);
    expect(isApiKeyScope('images:write')).toBe(true);
    expect(isApiKeyScope('images:delete')).toBe(false);
    expect(isApiKeyScope('')).toBe(false);
  });
});
