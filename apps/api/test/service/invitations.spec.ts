import { ErrorCode, INVITATION_DEFAULT_TTL_SECONDS, type Role, SIGNUPS_PER_ADDRESS_PER_HOUR } from '@lightbox/auth-contracts';
import { eq } from 'drizzle-orm';
import type { UserPrincipal } from '../../src/access/principal';
import { AuthModule } from '../../src/auth/auth.module';
import { JoinService } from '../../src/auth/join.service';
import { IP_LIMIT } from '../../src/auth/login-throttle';
import { INVITATION_TOKEN } from '../../src/invitations/invitation-token';
import { auditEvents, users } from '../../src/database/schema';
import { InvitationsService } from '../../src/invitations/invitations.service';
import { UsersService } from '../../src/users/users.service';
import { startServices, storePerson, TestServices } from '../support/test-services';

const CONTEXT = { ip: '198.51.100.7', userAgent: 'jest' };
const ORIGIN = 'https://photos.example';
const PASSWORD = 'a password of my own choosing';

/** Invitations and sign-up on the real services and database, without HTTP. */
describe('joining (service)', () => {
  let s: TestServices;
  let invitations: InvitationsService;
  let join: JoinService;
  let owner: UserPrincipal;
  let admin: UserPrincipal;
  beforeAll(async () => {
    s = await startServices([AuthModule], { SIGNUP: 'open' });
    invitations = s.get(InvitationsService);
    join = s.get(JoinService);
  });
  beforeEach(async () => {
    await s.reset();
    owner = await person('owner', 'owner');
    admin = await person('admin', 'admin');
  });
  afterAll(() => s.close());

  const person = (username: string, role: Role) => storePerson(s, role, { username, password: `${username} has a long password` });
  const invite = (role: 'admin' | 'editor' | 'viewer', by = owner, body: { expires_in?: number; note?: string } = {}) =>
    invitations.create(by, { role, ...body }, ORIGIN, CONTEXT);
  const accept = (token: string, username = 'newcomer', password = PASSWORD) => join.acceptInvitation({ token, username, password }, CONTEXT);
  const actions = async () => (await s.database.db.select().from(auditEvents)).map((event) => event.action);

  it('gives a link shown once, for a week by default, and makes the person with its role and a session', async () => {
    const created = await invite('editor', owner, { note: 'for Ada' });
    expect(created.url).toBe(`${ORIGIN}/join/${created.token}`);
    expect(created.token).toMatch(/^lbi_[0-9A-Za-z]{38}$/);
    expect(Date.parse(created.expires_at) - Date.parse(created.created_at)).toBe(INVITATION_DEFAULT_TTL_SECONDS * 1000);
    expect(created).toMatchObject({ status: 'pending', role: 'editor', note: 'for Ada', used_by: null });

    const session = await accept(created.token, 'ada');
    expect(session.user).toMatchObject({ username: 'ada', role: 'editor' });
    expect(session.refreshToken).toBeTruthy();
    const [listed] = (await invitations.page({ limit: 10 })).items;
    expect(listed).toMatchObject({ id: created.id, status: 'used', used_by: { username: 'ada' } });
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(await actions()).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted']));
  });

  it('never invites an owner nor above the inviter’s role, and not at all without users:manage', async () => {
    const editor = await person('eddie', 'editor');
    await expect(invitations.create(owner, { role: 'owner' as 'admin' }, ORIGIN, CONTEXT)).rejects.toMatchObject({ code: ErrorCode.InsufficientScope });
    await expect(invite('viewer', editor)).rejects.toMatchObject({ code: ErrorCode.InsufficientScope });
    await expect(invite('admin', admin)).resolves.toMatchObject({ role: 'admin' });
  });

  it('withdraws an invitation whose maker can no longer give its role: demoted, or deactivated', async () => {
    const byAdmin = await invite('admin', admin);
    await s.get(UsersService).update(admin.userId, { role: 'editor' }, owner, CONTEXT);
    expect((await invitations.page({ limit: 10 })).items[0].status).toBe('revoked');
    await expect(accept(byAdmin.token)).rejects.toMatchObject({ status: 410, code: ErrorCode.InvitationRevoked });
    expect(await s.database.db.select().from(users).where(eq(users.username, 'newcomer'))).toEqual([]);
  });

  it('expires with the clock: usable just before, refused at the end, with its own code', async () => {
    const created = await invite('viewer', owner, { expires_in: 3600 });
    s.clock.advance(3595_000);
    await expect(invitations.preview(created.token)).resolves.toMatchObject({ role: 'viewer', invited_by: 'owner' });
    s.clock.advance(5000);
    await expect(accept(created.token)).rejects.toMatchObject({ status: 410, code: ErrorCode.InvitationExpired });
    expect((await invitations.page({ limit: 10 })).items[0].status).toBe('expired');
  });

  it('answers a wrong, a used and a revoked token each with its own code, and audits each refusal', async () => {
    const used = await invite('viewer');
    await accept(used.token, 'first');
    const revoked = await invite('viewer');
    await invitations.revoke(owner, revoked.id, CONTEXT);
    await invitations.revoke(owner, revoked.id, CONTEXT); // idempotent

    await expect(accept('lbi_not-a-token')).rejects.toMatchObject({ status: 401, code: ErrorCode.InvalidInvitation });
    await expect(accept(`${used.token.slice(0, -1)}x`)).rejects.toMatchObject({ status: 401, code: ErrorCode.InvalidInvitation });
    await expect(accept(used.token, 'second')).rejects.toMatchObject({ status: 410, code: ErrorCode.InvitationUsed });
    await expect(accept(revoked.token, 'third')).rejects.toMatchObject({ status: 410, code: ErrorCode.InvitationRevoked });
    await expect(invitations.revoke(owner, used.id, CONTEXT)).rejects.toMatchObject({ code: ErrorCode.Conflict });

    const refusals = await s.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'invitation.refused'));
    expect(refusals.map((event) => (event.details as { reason: string }).reason).sort()).toEqual(['invalid', 'invalid', 'revoked', 'used']);
    expect((await actions()).filter((action) => action === 'invitation.revoked')).toHaveLength(1);
  });

  it.each([
    ['too short', 'newcomer', 'short one', 'Use at least 12 characters.'],
    ['too common', 'newcomer', 'password1234', 'This password is too common: choose another.'],
    ['the username', 'newcomer-long', 'newcomer-long', 'The password cannot be the username.'],
  ])('holds a password %s to the rules, and keeps the invitation usable', async (_, username, password, message) => {
    const created = await invite('viewer');
    await expect(accept(created.token, username, password)).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, errors: [{ path: 'password', message }] });
    await expect(accept(created.token, 'newcomer')).resolves.toMatchObject({ user: { username: 'newcomer' } });
  });

  it('keeps the invitation usable when the username is taken, in any case', async () => {
    const created = await invite('viewer');
    await expect(accept(created.token, 'ADMIN')).rejects.toMatchObject({ code: ErrorCode.Conflict, errors: [{ path: 'username' }] });
    expect((await invitations.page({ limit: 10 })).items[0].status).toBe('pending');
    await expect(accept(created.token, 'admin2')).resolves.toBeDefined();
  });

  it('throttles guessed tokens per address as logins are, without slowing down another address', async () => {
    const created = await invite('viewer');
    const guesser = { ...CONTEXT, ip: '192.0.2.66' };
    for (let i = 0; i < IP_LIMIT; i++) await expect(join.checkInvitation(INVITATION_TOKEN.generate(), guesser)).rejects.toMatchObject({ code: ErrorCode.InvalidInvitation });
    await expect(join.checkInvitation(created.token, guesser)).rejects.toMatchObject({ code: ErrorCode.TooManyRequests });
    await expect(join.acceptInvitation({ token: created.token, username: 'guesser', password: PASSWORD }, guesser)).rejects.toMatchObject({ code: ErrorCode.TooManyRequests });
    await expect(join.checkInvitation(created.token, { ...CONTEXT, ip: '203.0.113.9' })).resolves.toMatchObject({ role: 'viewer' });
  });

  describe('open sign-up', () => {
    const signup = (username: string, ip = CONTEXT.ip) => join.signup({ username, password: PASSWORD }, { ...CONTEXT, ip });

    it('makes the sign-up role, under the password rules, and audits it', async () => {
      await expect(signup('visitor')).resolves.toMatchObject({ user: { username: 'visitor', role: 'viewer' } });
      await expect(join.signup({ username: 'other', password: 'short' }, CONTEXT)).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
      await expect(signup('VISITOR', '203.0.113.10')).rejects.toMatchObject({ code: ErrorCode.Conflict });
      expect(await actions()).toContain('user.signed_up');
    });

    it(`lets one address try ${SIGNUPS_PER_ADDRESS_PER_HOUR} accounts an hour, taken names included; another address is not held back`, async () => {
      const family = '192.0.2.10'; // counters outlive reset(): an address of this test's own
      await expect(signup('admin', family)).rejects.toMatchObject({ code: ErrorCode.Conflict });
      for (let i = 1; i < SIGNUPS_PER_ADDRESS_PER_HOUR; i++) await signup(`family-${i}`, family);
      await expect(signup('one-too-many', family)).rejects.toMatchObject({ code: ErrorCode.TooManyRequests, headers: { 'retry-after': '3600' } });
      await expect(signup('elsewhere', '203.0.113.11')).resolves.toBeDefined();
      s.clock.advance(3600_000);
      await expect(signup('next-hour', family)).resolves.toBeDefined();
    });
  });
});

describe('sign-up, when it is off', () => {
  let s: TestServices;
  beforeAll(async () => (s = await startServices([AuthModule], { SIGNUP: 'invite' })));
  afterAll(() => s.close());

  it('does not exist', async () => {
    expect(() => s.get(JoinService).signupOptions()).toThrow(expect.objectContaining({ code: ErrorCode.NotFound }));
    await expect(s.get(JoinService).signup({ username: 'visitor', password: PASSWORD }, CONTEXT)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(await s.database.db.select().from(users).where(eq(users.username, 'visitor'))).toEqual([]);
  });
});
