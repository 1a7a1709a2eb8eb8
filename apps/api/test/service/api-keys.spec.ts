import type { ApiKeyScope, Role, Scope } from '@lightbox/auth-contracts';
import { ROLE_SCOPES } from '@lightbox/auth-contracts';
import type { UserPrincipal } from '../../src/access/principal';
import { ApiKeyVerifier } from '../../src/api-keys/api-key-verifier';
import { ApiKeysModule } from '../../src/api-keys/api-keys.module';
import { ApiKeysRepository } from '../../src/api-keys/api-keys.repository';
import { ApiKeysService } from '../../src/api-keys/api-keys.service';
import { UsersModule } from '../../src/users/users.module';
import { UsersService } from '../../src/users/users.service';
import { startServices, storePerson, TestServices } from '../support/test-services';

const CONTEXT = { ip: null, userAgent: 'jest' };

/** The key rules of DESIGN.md §4.5 on the real services and database, without HTTP. */
describe('API keys (service)', () => {
  let s: TestServices;
  let keys: ApiKeysService;
  let verifier: ApiKeyVerifier;
  beforeAll(async () => {
    s = await startServices([UsersModule, ApiKeysModule]);
    keys = s.get(ApiKeysService);
    verifier = s.get(ApiKeyVerifier);
  });
  beforeEach(() => s.reset());
  afterAll(() => s.close());

  const person = (role: Role, scopes: readonly Scope[] = ROLE_SCOPES[role]) => storePerson(s, role, { scopes });
  const issue = (holder: UserPrincipal, scopes: ApiKeyScope[] = ['images:read']) => keys.create(holder, { name: 'k', scopes }, CONTEXT);

  it('refuses to give a key a scope its creator lacks, naming it in the challenge', async () => {
    const reader = await person('viewer', ['api-keys:manage', 'images:read']);
    await expect(issue(reader, ['images:write'])).rejects.toMatchObject({ status: 403, code: 'insufficient_scope', headers: { 'www-authenticate': expect.stringContaining('scope="images:write"') } });
    expect(await keys.list(reader)).toEqual([]);
  });

  it("keeps a user's keys from someone who manages keys but not users (no role does that yet)", async () => {
    const owner = await person('owner');
    const keyManager = await person('admin', ['api-keys:manage', 'images:read']);
    const mine = await issue(owner);
    await expect(keys.get(keyManager, mine.id)).rejects.toMatchObject({ status: 403, code: 'not_owner' });
    await expect(keys.revoke(keyManager, mine.id, CONTEXT)).rejects.toMatchObject({ code: 'not_owner' });
    expect((await keys.list(keyManager)).map((key) => key.id)).not.toContain(mine.id);
  });

  it("lets only the owner act on the owner's keys, and nobody rotate another's key", async () => {
    const owner = await person('owner');
    const admin = await person('admin');
    const ownerKey = await issue(owner);
    const adminKey = await issue(admin);
    expect((await keys.get(admin, ownerKey.id)).id).toBe(ownerKey.id);
    await expect(keys.revoke(admin, ownerKey.id, CONTEXT)).rejects.toMatchObject({ code: 'not_owner' });
    await expect(keys.rotate(owner, adminKey.id, 0, CONTEXT)).rejects.toMatchObject({ code: 'not_owner' });
    await keys.revoke(owner, adminKey.id, CONTEXT);
    expect((await keys.get(admin, adminKey.id)).status).toBe('revoked');
  });

  it("lists everyone's keys for those who manage users, or one holder's when asked (as the CLI does)", async () => {
    const owner = await person('owner');
    const editor = await person('editor');
    const [a, b] = [await issue(owner), await issue(editor)];
    expect((await keys.list(owner)).map((key) => key.id).sort()).toEqual([a.id, b.id].sort());
    expect((await keys.list(owner, editor.userId)).map((key) => key.id)).toEqual([b.id]);
    expect((await keys.list(editor, owner.userId)).map((key) => key.id)).toEqual([b.id]);
  });

  it("revokes a user's keys when the user is deactivated, and keeps them revoked after reactivation", async () => {
    const owner = await person('owner');
    const editor = await person('editor');
    const key = await issue(editor);
    await expect(verifier.verify(key.key)).resolves.toMatchObject({ kind: 'api_key', username: editor.username });

    await s.get(UsersService).update(editor.userId, { active: false }, owner, CONTEXT);
    expect((await keys.get(owner, key.id)).status).toBe('revoked');
    await expect(verifier.verify(key.key)).rejects.toMatchObject({ code: 'api_key_revoked' });

    await s.get(UsersService).update(editor.userId, { active: true }, owner, CONTEXT);
    await expect(verifier.verify(key.key)).rejects.toMatchObject({ code: 'api_key_revoked' });
  });

  it("shrinks a key with its holder's role, and gives the scopes back with it", async () => {
    const owner = await person('owner');
    const editor = await person('editor');
    const key = await issue(editor, ['images:read', 'images:write']);
    await expect(verifier.verify(key.key)).resolves.toMatchObject({ scopes: ['images:read', 'images:write'] });

    await s.get(UsersService).update(editor.userId, { role: 'viewer' }, owner, CONTEXT);
    await expect(verifier.verify(key.key)).resolves.toMatchObject({ scopes: ['images:read'] });
    await s.get(UsersService).update(editor.userId, { role: 'editor' }, owner, CONTEXT);
    await expect(verifier.verify(key.key)).resolves.toMatchObject({ scopes: ['images:read', 'images:write'] });
  });

  it('ends a key at its expiry and an old key at the end of its rotation grace, by the clock', async () => {
    const owner = await person('owner');
    const expiring = await keys.create(owner, { name: 'short', scopes: ['images:read'], expires_at: new Date(s.clock.now() + 60_000).toISOString() }, CONTEXT);
    const rotated = await issue(owner);
    const successor = await keys.rotate(owner, rotated.id, 30, CONTEXT);
    await expect(verifier.verify(expiring.key)).resolves.toBeDefined();
    await expect(verifier.verify(rotated.key)).resolves.toBeDefined();

    s.clock.advance(30_000);
    await expect(verifier.verify(rotated.key)).rejects.toMatchObject({ code: 'api_key_revoked' });
    await expect(verifier.verify(successor.key)).resolves.toMatchObject({ apiKey: { id: successor.id } });
    s.clock.advance(30_000);
    await expect(verifier.verify(expiring.key)).rejects.toMatchObject({ code: 'api_key_expired' });
    expect((await keys.get(owner, expiring.id)).status).toBe('expired');
  });

  it('reads one unknown key once however many ask at the same moment', async () => {
    const lookups = jest.spyOn(s.get(ApiKeysRepository), 'findByHash');
    const { base62Checksum } = await import('../../src/api-keys/api-key-format');
    const unknown = `lbx_${'Q'.repeat(32)}${base62Checksum('Q'.repeat(32))}`;
    const answers = await Promise.allSettled(Array.from({ length: 20 }, () => verifier.verify(unknown)));
    expect(answers.every((answer) => answer.status === 'rejected')).toBe(true);
    expect(lookups).toHaveBeenCalledTimes(1);
    lookups.mockRestore();
  });
});
