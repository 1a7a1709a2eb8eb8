import type { Scope } from '@lightbox/auth-contracts';
import { aUser } from '../../../testing/auth-testing';
import { mayChange, mayManageOthers } from './may-manage-others';

describe('mayManageOthers', () => {
  it.each<{ who: string; scopes: Scope[] | null; may: boolean }>([
    { who: 'a visitor', scopes: null, may: false },
    { who: 'an editor', scopes: ['images:read', 'images:write'], may: false },
    { who: 'a user with every scope but users:manage', scopes: ['images:read', 'images:write', 'api-keys:manage', 'audit:read'], may: false },
    { who: 'a user with users:manage', scopes: ['images:read', 'users:manage'], may: true },
  ])("$who may act on other people's things: $may", ({ scopes, may }) => {
    expect(mayManageOthers(scopes ? aUser(scopes) : null)).toBe(may);
  });
});

describe('mayChange', () => {
  const SOMEONE_ELSE = { id: '7d1e0a52-3c4b-4f6e-8a9b-0c1d2e3f4a5b' };

  it.each<{ who: string; scopes: Scope[] | null; whose: 'their own' | "someone else's"; may: boolean }>([
    { who: 'a visitor', scopes: null, whose: "someone else's", may: false },
    { who: 'a viewer', scopes: ['images:read'], whose: 'their own', may: false },
    { who: 'an editor', scopes: ['images:read', 'images:write'], whose: 'their own', may: true },
    { who: 'an editor', scopes: ['images:read', 'images:write'], whose: "someone else's", may: false },
    { who: 'an admin', scopes: ['images:read', 'images:write', 'users:manage'], whose: "someone else's", may: true },
    { who: 'a user who manages people but cannot write', scopes: ['images:read', 'users:manage'], whose: "someone else's", may: false },
  ])('$who may change $whose things: $may', ({ scopes, whose, may }) => {
    const owner = whose === 'their own' ? { id: aUser().id } : SOMEONE_ELSE;
    expect(mayChange(scopes ? aUser(scopes) : null, owner)).toBe(may);
  });
});
