import type { Role, UpdateUserRequest } from '@lightbox/auth-contracts';
import { eq } from 'drizzle-orm';
import type { UserPrincipal } from '../../src/access/principal';
import { AuditLog } from '../../src/audit/audit-log';
import { refreshSessions, users } from '../../src/database/schema';
import { PasswordHasher } from '../../src/users/password-hasher';
import { UsersModule } from '../../src/users/users.module';
import { OPERATOR, UsersService } from '../../src/users/users.service';
import { startServices, storePerson, TestServices } from '../support/test-services';

const CONTEXT = { ip: null, userAgent: 'jest' };

/** The users admin's rules (DESIGN.md §4.4) on the real service and database, without HTTP. */
describe('the users admin (service)', () => {
  let s: TestServices;
  let service: UsersService;
  let owner: UserPrincipal;
  let admin: UserPrincipal;
  beforeAll(async () => {
    s = await startServices([UsersModule]);
    service = s.get(UsersService);
  });
  beforeEach(async () => {
    await s.reset();
    owner = await person('owner', 'owner');
    admin = await person('admin', 'admin');
  });
  afterAll(() => s.close());

  const person = (username: string, role: Role) => storePerson(s, role, { username, password: `${username} has a long password` });
  const stored = async (id: string) => (await s.database.db.select().from(users).where(eq(users.id, id)))[0];

  it.each<[string, 'owner' | 'admin', UpdateUserRequest]>([
    ['demote the owner', 'owner', { role: 'viewer' }],
    ['deactivate the owner', 'owner', { active: false }],
    ['demote the owner', 'admin', { role: 'viewer' }],
    ['deactivate the owner', 'admin', { active: false }],
    ["set the owner's password", 'admin', { password: 'the admin now owns it' }],
  ])('refuses to %s (asked by the %s) with conflict, changing nothing', async (_, who, change) => {
    const before = await stored(owner.userId);
    await expect(service.update(owner.userId, change, who === 'owner' ? owner : admin, CONTEXT)).rejects.toMatchObject({ status: 409, code: 'conflict' });
    expect(await stored(owner.userId)).toEqual(before);
  });

  it('never deletes the owner, whoever asks', async () => {
    for (const actor of [owner, admin]) await expect(service.delete(owner.userId, actor, CONTEXT)).rejects.toMatchObject({ code: 'conflict' });
    expect(await stored(owner.userId)).toBeDefined();
  });

  it('sends a person changing their own password to the route that asks for the current one', async () => {
    await expect(service.update(admin.userId, { password: 'a brand new password' }, admin, CONTEXT)).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'password' }],
    });
  });

  it('refuses a taken username whatever its case', async () => {
    await expect(service.create({ username: 'OWNER', password: 'another long password', role: 'viewer' }, owner, CONTEXT)).rejects.toMatchObject({
      code: 'conflict',
      errors: [{ path: 'username' }],
    });
  });

  it("bumps the token version only for changes to who the user is or may do", async () => {
    const viewer = await person('viewer', 'viewer');
    const version = async () => (await stored(viewer.userId)).tokenVersion;
    const start = await version();
    await service.update(viewer.userId, { role: 'viewer', active: true }, owner, CONTEXT);
    expect(await version()).toBe(start);
    await service.update(viewer.userId, { role: 'editor' }, owner, CONTEXT);
    expect(await version()).toBe(start + 1);
  });

  it("lets the operator reset the owner's password: sessions end, and the audit log names the CLI", async () => {
    await s.database.db.insert(refreshSessions).values({ userId: owner.userId, expiresAt: new Date(s.clock.now() + 60_000) });
    await service.resetPassword('Owner', 'the operator chose this one', CONTEXT);

    const row = await stored(owner.userId);
    expect(await s.get(PasswordHasher).verify(row.passwordHash, 'the operator chose this one')).toBe(true);
    const live = await s.database.db.select().from(refreshSessions).where(eq(refreshSessions.userId, owner.userId));
    expect(live.map((session) => session.revokedReason)).toEqual(['password_reset']);
    const [event] = (await s.get(AuditLog).page({ limit: 1 })).items;
    expect(event).toMatchObject({ action: 'user.changed', actor: OPERATOR, target: 'owner', details: { password_reset: true } });
  });

  it('refuses a reset to a password the policy refuses, changing nothing', async () => {
    const before = await stored(owner.userId);
    await expect(service.resetPassword('owner', 'owner', CONTEXT)).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await stored(owner.userId)).toEqual(before);
  });
});
