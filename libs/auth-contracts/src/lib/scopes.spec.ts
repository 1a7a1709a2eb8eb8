import { ROLE_SCOPES, ROLES, SCOPES, isScope } from './scopes';

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

  it('tells scopes from other strings', () => {
    expect(isScope('images:read')).toBe(true);
    expect(isScope('images:delete')).toBe(false);
    expect(isScope('')).toBe(false);
  });
});
