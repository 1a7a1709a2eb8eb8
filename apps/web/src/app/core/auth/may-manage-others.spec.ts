import type { Scope } from '@lightbox/auth-contracts';
import { aUser } from '../../../testing/auth-testing';
import { mayManageOthers } from './may-manage-others';

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
