import { API_KEY_SCOPES, isApiKeyScope, ROLE_SCOPES, ROLES, rolesGrantableBy, SCOPE_DESCRIPTIONS, SCOPES } from './scopes';

/** What the rest of Lightbox relies on of the map, rather than the map written out again. */
describe('role → scope map', () => {
  it('gives every role only known scopes, each once', () => {
    for (const role of ROLES) {
      expect(ROLE_SCOPES[role].every((scope) => SCOPES.includes(scope))).toBe(true);
      expect(new Set(ROLE_SCOPES[role]).size).toBe(ROLE_SCOPES[role].length);
    }
  });

  it('orders the roles by privilege: each holds every scope of the roles after it', () => {
    for (let i = 1; i < ROLES.length; i++) {
      const [higher, lower] = [ROLE_SCOPES[ROLES[i - 1]], ROLE_SCOPES[ROLES[i]]];
      expect(lower.filter((scope) => !higher.includes(scope))).toEqual([]);
    }
  });

  it('lets only the owner and admins manage (users, keys), and gives them everything', () => {
    const managers = ROLES.filter((role) => ROLE_SCOPES[role].some((scope) => scope.endsWith(':manage')));
    expect(managers).toEqual(['owner', 'admin']);
    for (const role of managers) expect([...ROLE_SCOPES[role]].sort()).toEqual([...SCOPES].sort());
  });

  it('lets editors upload and change their images, and viewers only see', () => {
    expect(ROLE_SCOPES.editor).toEqual(expect.arrayContaining(['images:read', 'images:write']));
    expect(ROLE_SCOPES.editor.filter((scope) => scope.endsWith(':manage'))).toEqual([]);
    expect(ROLE_SCOPES.viewer).toEqual(['images:read']);
  });

  it('lets every role see, and the last one do nothing else', () => {
    for (const role of ROLES) expect(ROLE_SCOPES[role]).toContain('images:read');
    expect(ROLE_SCOPES[ROLES[ROLES.length - 1]]).toEqual(['images:read']);
  });

  it('describes every scope for people', () => {
    for (const scope of SCOPES) expect(SCOPE_DESCRIPTIONS[scope].length).toBeGreaterThan(10);
  });
});

describe('scopes of API keys', () => {
  it('are known scopes, and never one that manages users or keys', () => {
    expect(API_KEY_SCOPES.every((scope) => SCOPES.includes(scope))).toBe(true);
    expect(API_KEY_SCOPES.filter((scope) => scope.endsWith(':manage'))).toEqual([]);
  });

  it('are recognised by isApiKeyScope, and nothing else is', () => {
    for (const scope of SCOPES) expect(isApiKeyScope(scope)).toBe((API_KEY_SCOPES as readonly string[]).includes(scope));
    for (const other of ['', 'images:delete', 'IMAGES:READ', 'images:read ']) expect(isApiKeyScope(other)).toBe(false);
  });
});

describe('rolesGrantableBy', () => {
  it.each([
    ['owner', ['admin', 'editor', 'viewer']],
    ['admin', ['admin', 'editor', 'viewer']],
    ['editor', []],
    ['viewer', []],
  ] as const)('lets %s give %j: never owner, never above their own', (role, granted) => {
    expect(rolesGrantableBy(role)).toEqual(granted);
  });
});
