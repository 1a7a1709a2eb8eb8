import { SoftwareAuthenticator } from '@lightbox/test-harness';
import { Secret, TOTP } from 'otpauth';
import { SecondFactorsService } from '../../src/second-factors/second-factors.service';
import { bearer, createUser, login, type LoggedIn, refreshCookieOf } from '../support/auth';
import { startTestApp, TEST_OWNER, type TestApp } from '../support/test-app';

const ORIGIN = 'http://localhost:3000';
const STEP_MS = 30_000;

const codeAt = (secret: string, timestamp: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp });

describe('second factors', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ env: { WEBAUTHN_ORIGIN: ORIGIN }, stoppedClock: true })));
  afterAll(() => t.close());

  const refresh = async (session: LoggedIn): Promise<LoggedIn> => {
    const res = await t.http.post('/api/v1/auth/refresh').set('cookie', session.refreshCookie).expect(200);
    const cookie = refreshCookieOf(res);
    return { ...session, accessToken: res.body.access_token, refreshCookie: cookie, refreshToken: cookie.slice('lbx_refresh='.length) };
  };

  /** Enrols an authenticator app for the session's person; returns its secret and the session, refreshed. */
  const enrolTotp = async (session: LoggedIn): Promise<{ secret: string; session: LoggedIn }> => {
    const started = await t.http.post('/api/v1/auth/totp').set('authorization', bearer(session)).expect(201);
    expect(started.body.otpauth_uri).toMatch(/^otpauth:\/\/totp\/Lightbox:.+\?.*secret=/);
    expect(started.body.qr_code).toMatch(/^data:image\/svg\+xml;base64,/);
    await t.http.post('/api/v1/auth/totp/confirm').set('authorization', bearer(session)).send({ code: codeAt(started.body.secret, t.clock.now()) }).expect(204);
    return { secret: started.body.secret, session: await refresh(session) };
  };

  const passwordStep = async (username: string, password: string) => {
    const res = await t.http.post('/api/v1/auth/login').send({ username, password }).expect(401);
    expect(res.body.code).toBe('mfa_required');
    expect(res.headers['set-cookie']).toBeUndefined();
    return res.body as { mfa_token: string; mfa_methods: string[]; webauthn_options?: { challenge: string; rpId?: string } };
  };

  describe('TOTP', () => {
    let user: { id: string; username: string; password: string };
    let secret: string;

    beforeAll(async () => {
      user = await createUser(t, 'editor');
      ({ secret } = await enrolTotp(await login(t, user.username, user.password)));
    });

    it('turns a login into mfa_required, with a token and the methods, and no session yet', async () => {
      const step = await passwordStep(user.username, user.password);
      expect(step.mfa_methods).toEqual(['totp']);
      expect(step.mfa_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('accepts a code one step either side, not two, and each step once', async () => {
      t.clock.advance(10 * STEP_MS);
      const now = t.clock.now();
      const { mfa_token } = await passwordStep(user.username, user.password);
      for (const offset of [-2 * STEP_MS, 2 * STEP_MS]) {
        const res = await t.http.post('/api/v1/auth/mfa').send({ mfa_token, totp: codeAt(secret, now + offset) });
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('invalid_mfa');
      }
      const res = await t.http.post('/api/v1/auth/mfa').send({ mfa_token, totp: codeAt(secret, now - STEP_MS) }).expect(200);
      expect(res.headers['set-cookie']?.[0]).toMatch(/^lbx_refresh=/);
      const claims = JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString());
      expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
      expect(claims.auth_time).toBe(Math.floor(now / 1000));

      // The same code, and an older one, are spent: a code seen over a shoulder is worth nothing.
      const again = await passwordStep(user.username, user.password);
      for (const offset of [-STEP_MS, -STEP_MS]) {
        const replay = await t.http.post('/api/v1/auth/mfa').send({ mfa_token: again.mfa_token, totp: codeAt(secret, now + offset) });
        expect(replay.body.code).toBe('invalid_mfa');
      }
      await t.http.post('/api/v1/auth/mfa').send({ mfa_token: again.mfa_token, totp: codeAt(secret, now + STEP_MS) }).expect(200);
    });

    it('spends the mfa_token on success, and lets it expire after 5 minutes', async () => {
      t.clock.advance(10 * STEP_MS);
      const { mfa_token } = await passwordStep(user.username, user.password);
      await t.http.post('/api/v1/auth/mfa').send({ mfa_token, totp: codeAt(secret, t.clock.now()) }).expect(200);
      t.clock.advance(STEP_MS);
      const reused = await t.http.post('/api/v1/auth/mfa').send({ mfa_token, totp: codeAt(secret, t.clock.now()) }).expect(401);
      expect(reused.body.code).toBe('invalid_token');

      const late = await passwordStep(user.username, user.password);
      t.clock.advance(5 * 60_000 + 1000);
      const expired = await t.http.post('/api/v1/auth/mfa').send({ mfa_token: late.mfa_token, totp: codeAt(secret, t.clock.now()) }).expect(401);
      expect(expired.body.code).toBe('invalid_token');
    });

    it('refuses another person’s code with this person’s token', async () => {
      const other = await createUser(t, 'viewer');
      const { secret: otherSecret } = await enrolTotp(await login(t, other.username, other.password));
      t.clock.advance(2 * STEP_MS);
      const { mfa_token } = await passwordStep(user.username, user.password);
      const res = await t.http.post('/api/v1/auth/mfa').send({ mfa_token, totp: codeAt(otherSecret, t.clock.now()) });
      expect(codeAt(otherSecret, t.clock.now())).not.toBe(codeAt(secret, t.clock.now()));
      expect(res.body.code).toBe('invalid_mfa');
    });

    it('throttles wrong codes like wrong passwords', async () => {
      const victim = await createUser(t, 'viewer');
      await enrolTotp(await login(t, victim.username, victim.password));
      const { mfa_token } = await passwordStep(victim.username, victim.password);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await t.http.post('/api/v1/auth/mfa').send({ mfa_token, totp: '000000' })).status);
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses[5]).toBe(429);
    });

    it('keeps the factor through a password reset by an admin', async () => {
      const owner = await login(t);
      await t.http.patch(`/api/v1/users/${user.id}`).set('authorization', bearer(owner)).send({ password: 'a brand new editor password' }).expect(200);
      const step = await passwordStep(user.username, 'a brand new editor password');
      expect(step.mfa_methods).toContain('totp');
      user.password = 'a brand new editor password';
    });
  });

  describe('recovery codes', () => {
    it('are ten, single use, case and dashes aside; new ones kill the old', async () => {
      const user = await createUser(t, 'viewer');
      const { session } = await enrolTotp(await login(t, user.username, user.password));
      const first = await t.http.post('/api/v1/auth/recovery-codes').set('authorization', bearer(session)).expect(201);
      expect(first.body.codes).toHaveLength(10);
      expect(new Set(first.body.codes).size).toBe(10);
      const code: string = first.body.codes[0];

      const step = await passwordStep(user.username, user.password);
      expect(step.mfa_methods).toEqual(['totp', 'recovery_code']);
      const done = await t.http.post('/api/v1/auth/mfa').send({ mfa_token: step.mfa_token, recovery_code: ` ${code.toLowerCase().replace(/-/g, ' ')} ` }).expect(200);
      const factors = await t.http.get('/api/v1/auth/factors').set('authorization', `Bearer ${done.body.access_token}`).expect(200);
      expect(factors.body).toMatchObject({ totp: true, passkeys: 0, recovery_codes_left: 9, amr: ['pwd', 'otp', 'mfa'], step_up_methods: ['totp', 'recovery_code'] });

      const again = await passwordStep(user.username, user.password);
      expect((await t.http.post('/api/v1/auth/mfa').send({ mfa_token: again.mfa_token, recovery_code: code })).body.code).toBe('invalid_mfa');

      await t.http.post('/api/v1/auth/recovery-codes').set('authorization', `Bearer ${done.body.access_token}`).expect(201);
      expect((await t.http.post('/api/v1/auth/mfa').send({ mfa_token: again.mfa_token, recovery_code: first.body.codes[1] })).body.code).toBe('invalid_mfa');

      const audit = await t.http.get('/api/v1/audit-events?action=mfa.recovery_code_used').set('authorization', bearer(await login(t))).expect(200);
      expect(audit.body.items[0]).toMatchObject({ actor: user.username, outcome: 'success' });
    });

    it('need a factor to stand in for', async () => {
      const user = await createUser(t, 'viewer');
      const res = await t.http.post('/api/v1/auth/recovery-codes').set('authorization', bearer(await login(t, user.username, user.password))).expect(409);
      expect(res.body.code).toBe('conflict');
    });
  });

  describe('passkeys', () => {
    let user: { id: string; username: string; password: string };
    let session: LoggedIn;
    let authenticator: SoftwareAuthenticator;

    const register = async (as: LoggedIn, device: SoftwareAuthenticator, name = 'Laptop') => {
      const options = await t.http.post('/api/v1/auth/passkeys/registration-options').set('authorization', bearer(as)).send({}).expect(200);
      expect(options.body.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'preferred' });
      expect(options.body.rp.id).toBe('localhost');
      return t.http.post('/api/v1/auth/passkeys').set('authorization', bearer(as)).send({ name, webauthn: device.register(options.body) });
    };

    const signInOptions = async () => (await t.http.post('/api/v1/auth/passkeys/authentication-options').send({}).expect(200)).body;

    beforeAll(async () => {
      user = await createUser(t, 'editor');
      session = await login(t, user.username, user.password);
      authenticator = new SoftwareAuthenticator(ORIGIN);
      const res = await register(session, authenticator);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'Laptop', synced: false, last_used_at: null });
      session = await refresh(session);
    });

    it('are listed, renamed, and counted as this session’s proof', async () => {
      const list = await t.http.get('/api/v1/auth/passkeys').set('authorization', bearer(session)).expect(200);
      expect(list.body.items).toHaveLength(1);
      const renamed = await t.http.patch(`/api/v1/auth/passkeys/${list.body.items[0].id}`).set('authorization', bearer(session)).send({ name: 'Work laptop' }).expect(200);
      expect(renamed.body.name).toBe('Work laptop');
      const factors = await t.http.get('/api/v1/auth/factors').set('authorization', bearer(session)).expect(200);
      expect(factors.body.amr).toEqual(['pwd', 'hwk', 'mfa']);
      expect(factors.body.step_up_methods).toEqual(['webauthn']);
    });

    it('complete a password login as the second factor', async () => {
      const step = await passwordStep(user.username, user.password);
      expect(step.mfa_methods).toEqual(['webauthn']);
      const res = await t.http.post('/api/v1/auth/mfa').send({ mfa_token: step.mfa_token, webauthn: authenticator.assert(step.webauthn_options ?? { challenge: '' }) }).expect(200);
      expect(JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString()).amr).toEqual(['pwd', 'hwk', 'user', 'mfa']);
    });

    it('sign in without a password, each challenge once', async () => {
      const answer = authenticator.assert(await signInOptions());
      const res = await t.http.post('/api/v1/auth/passkeys/login').send({ webauthn: answer }).expect(200);
      expect(res.body.user.username).toBe(user.username);
      expect(res.headers['set-cookie']?.[0]).toMatch(/^lbx_refresh=/);
      const replay = await t.http.post('/api/v1/auth/passkeys/login').send({ webauthn: answer }).expect(401);
      expect(replay.body.code).toBe('invalid_mfa');
    });

    it('refuse a challenge older than 5 minutes', async () => {
      const options = await signInOptions();
      t.clock.advance(5 * 60_000 + 1000);
      const res = await t.http.post('/api/v1/auth/passkeys/login').send({ webauthn: authenticator.assert(options) }).expect(401);
      expect(res.body.code).toBe('invalid_mfa');
    });

    it('refuse a counter that goes back (a cloned authenticator), and audit it', async () => {
      authenticator.counter -= 2;
      const res = await t.http.post('/api/v1/auth/passkeys/login').send({ webauthn: authenticator.assert(await signInOptions()) }).expect(401);
      expect(res.body.code).toBe('invalid_mfa');
      const audit = await t.http.get('/api/v1/audit-events?action=passkey.counter_regressed').set('authorization', bearer(await login(t))).expect(200);
      expect(audit.body.items[0]).toMatchObject({ actor: user.username, outcome: 'failure' });
      authenticator.counter += 10;
    });

    it('need user verification to sign in alone, not as a second factor; synced ones count as swk', async () => {
      const person = await createUser(t, 'viewer');
      const phone = new SoftwareAuthenticator(ORIGIN, { synced: true, userVerification: false });
      expect((await register(await login(t, person.username, person.password), phone, 'Phone')).body.synced).toBe(true);
      expect((await t.http.post('/api/v1/auth/passkeys/login').send({ webauthn: phone.assert(await signInOptions()) })).body.code).toBe('invalid_mfa');
      const step = await passwordStep(person.username, person.password);
      const res = await t.http.post('/api/v1/auth/mfa').send({ mfa_token: step.mfa_token, webauthn: phone.assert(step.webauthn_options ?? { challenge: '' }) }).expect(200);
      expect(JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString()).amr).toEqual(['pwd', 'swk', 'mfa']);
    });

    it('refuse a registration that proves nothing, with 400 and never 500', async () => {
      const options = await t.http.post('/api/v1/auth/passkeys/registration-options').set('authorization', bearer(session)).send({}).expect(200);
      const answer = new SoftwareAuthenticator(ORIGIN).register(options.body);
      const broken = { ...answer, response: { ...answer.response, attestationObject: 'AAAA' } };
      const res = await t.http.post('/api/v1/auth/passkeys').set('authorization', bearer(session)).send({ name: 'Bad', webauthn: broken }).expect(400);
      expect(res.body.errors[0].path).toBe('webauthn');
      const elsewhere = new SoftwareAuthenticator('https://evil.example');
      const options2 = await t.http.post('/api/v1/auth/passkeys/registration-options').set('authorization', bearer(session)).send({}).expect(200);
      await t.http.post('/api/v1/auth/passkeys').set('authorization', bearer(session)).send({ name: 'Phished', webauthn: elsewhere.register(options2.body) }).expect(400);
    });
  });

  describe('step-up', () => {
    it('refuses an authentication older than 10 minutes with the RFC 9470 challenge; reauth makes it fresh', async () => {
      const owner = await login(t);
      t.clock.advance(11 * 60_000);
      const refused = await t.http.post('/api/v1/api-keys').set('authorization', bearer(owner)).send({ name: 'ci', scopes: ['images:read'] }).expect(401);
      expect(refused.body.code).toBe('step_up_required');
      expect(refused.headers['www-authenticate']).toBe(
        'Bearer realm="lightbox", error="insufficient_user_authentication", error_description="A recent authentication with your strongest factor is needed", max_age=600',
      );
      const wrong = await t.http.post('/api/v1/auth/reauth').set('authorization', bearer(owner)).send({ password: 'not it at all' }).expect(400);
      expect(wrong.body.errors[0].path).toBe('password');
      const fresh = await t.http.post('/api/v1/auth/reauth').set('authorization', bearer(owner)).send({ password: TEST_OWNER.password }).expect(200);
      await t.http.post('/api/v1/api-keys').set('authorization', `Bearer ${fresh.body.access_token}`).send({ name: 'ci', scopes: ['images:read'] }).expect(201);
      // The session remembers it: the token it refreshes next is as fresh.
      const refreshed = await refresh(owner);
      await t.http.post('/api/v1/api-keys').set('authorization', bearer(refreshed)).send({ name: 'ci 2', scopes: ['images:read'] }).expect(201);
    });

    it('asks a person with an authenticator app for more than a password', async () => {
      const user = await createUser(t, 'admin');
      const { secret, session } = await enrolTotp(await login(t, user.username, user.password));
      const byPassword = await t.http.post('/api/v1/auth/reauth').set('authorization', bearer(session)).send({ password: user.password }).expect(200);
      const weak = await t.http.post('/api/v1/api-keys').set('authorization', `Bearer ${byPassword.body.access_token}`).send({ name: 'x', scopes: ['images:read'] });
      expect(weak.body.code).toBe('step_up_required');
      t.clock.advance(2 * STEP_MS);
      const byCode = await t.http.post('/api/v1/auth/reauth').set('authorization', bearer(session)).send({ totp: codeAt(secret, t.clock.now()) }).expect(200);
      await t.http.post('/api/v1/api-keys').set('authorization', `Bearer ${byCode.body.access_token}`).send({ name: 'x', scopes: ['images:read'] }).expect(201);
    });

    it('takes a passkey, with options asked under the session’s own token', async () => {
      const user = await createUser(t, 'admin');
      let session = await login(t, user.username, user.password);
      const device = new SoftwareAuthenticator(ORIGIN);
      const options = await t.http.post('/api/v1/auth/passkeys/registration-options').set('authorization', bearer(session)).send({}).expect(200);
      await t.http.post('/api/v1/auth/passkeys').set('authorization', bearer(session)).send({ name: 'Key', webauthn: device.register(options.body) }).expect(201);
      session = await refresh(session);
      t.clock.advance(11 * 60_000);
      const challenge = await t.http.post('/api/v1/auth/passkeys/authentication-options').set('authorization', bearer(session)).send({}).expect(200);
      expect(challenge.body.allowCredentials).toEqual([expect.objectContaining({ id: device.credentialId })]);
      const answer = device.assert(challenge.body);
      // A step-up challenge is no sign-in challenge.
      expect((await t.http.post('/api/v1/auth/passkeys/login').send({ webauthn: answer })).status).toBe(401);
      const again = device.assert((await t.http.post('/api/v1/auth/passkeys/authentication-options').set('authorization', bearer(session)).send({})).body);
      const res = await t.http.post('/api/v1/auth/reauth').set('authorization', bearer(session)).send({ webauthn: again }).expect(200);
      await t.http.post('/api/v1/api-keys').set('authorization', `Bearer ${res.body.access_token}`).send({ name: 'x', scopes: ['images:read'] }).expect(201);
    });

    it('is never passed by an API key, whatever its scopes', async () => {
      const owner = await login(t);
      const key = await t.http.post('/api/v1/api-keys').set('authorization', bearer(owner)).send({ name: 'k', scopes: ['images:read', 'images:write', 'audit:read'] }).expect(201);
      for (const [method, path] of [
        ['post', '/api/v1/auth/reauth'],
        ['get', '/api/v1/auth/factors'],
        ['post', '/api/v1/auth/totp'],
        ['post', '/api/v1/auth/passkeys/authentication-options'],
        ['post', '/api/v1/auth/recovery-codes'],
        ['put', '/api/v1/security-policy'],
      ] as const) {
        const res = await t.http[method](path).set('x-api-key', key.body.key).send({ password: 'x', mfa_required_roles: [] });
        expect([path, res.status, res.body.code]).toEqual([path, 403, 'insufficient_scope']);
      }
    });
  });

  describe('the policy', () => {
    it('holds a person of a listed role to enrolment: no scopes until a factor, then all of them', async () => {
      const owner = await login(t);
      await t.http.put('/api/v1/security-policy').set('authorization', bearer(owner)).send({ mfa_required_roles: ['editor'] }).expect(200);
      expect((await t.http.get('/api/v1/security-policy').set('authorization', bearer(owner)).expect(200)).body).toEqual({ mfa_required_roles: ['editor'] });
      const user = await createUser(t, 'editor', owner);
      const res = await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password }).expect(200);
      expect(res.body.mfa_enrolment_required).toBe(true);
      const refreshCookie = refreshCookieOf(res);
      const session: LoggedIn = { accessToken: res.body.access_token, refreshCookie, refreshToken: '', userId: res.body.user.id };
      expect((await t.http.get('/api/v1/auth/me').set('authorization', bearer(session)).expect(200)).body.scopes).toEqual([]);
      expect((await t.http.post('/api/v1/images').set('authorization', bearer(session))).body.code).toBe('insufficient_scope');
      expect((await t.http.get('/api/v1/auth/factors').set('authorization', bearer(session)).expect(200)).body.required).toBe(true);

      const enrolled = await enrolTotp(session);
      expect((await t.http.get('/api/v1/auth/me').set('authorization', bearer(enrolled.session)).expect(200)).body.scopes).toEqual(['images:read', 'images:write']);
      const last = await t.http.delete('/api/v1/auth/totp').set('authorization', bearer(enrolled.session)).expect(409);
      expect(last.body.code).toBe('conflict');
      await t.http.put('/api/v1/security-policy').set('authorization', bearer(owner)).send({ mfa_required_roles: [] }).expect(200);
      await t.http.delete('/api/v1/auth/totp').set('authorization', bearer(enrolled.session)).expect(204);
      await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password }).expect(200);
    });

    it('shows administrators who has a second factor', async () => {
      const owner = await login(t);
      const user = await createUser(t, 'viewer', owner);
      const before = await t.http.get(`/api/v1/users/${user.id}`).set('authorization', bearer(owner)).expect(200);
      expect(before.body.second_factor).toBe(false);
      await enrolTotp(await login(t, user.username, user.password));
      const list = await t.http.get('/api/v1/users').set('authorization', bearer(owner)).expect(200);
      expect(list.body.items.find((item: { id: string }) => item.id === user.id).second_factor).toBe(true);
    });
  });

  describe('the operator', () => {
    it('resets every factor of a person who lost them, ending their sessions, audited', async () => {
      const user = await createUser(t, 'viewer');
      const { session } = await enrolTotp(await login(t, user.username, user.password));
      await t.app.get(SecondFactorsService).reset(user.username, { ip: null, userAgent: 'lightbox-cli' });
      await t.http.post('/api/v1/auth/refresh').set('cookie', session.refreshCookie).expect(401);
      await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password }).expect(200);
      const audit = await t.http.get('/api/v1/audit-events?action=mfa.reset').set('authorization', bearer(await login(t))).expect(200);
      expect(audit.body.items[0]).toMatchObject({ actor: 'lightbox-cli', target: user.username });
    });
  });

  describe('malformed input', () => {
    it.each([
      ['/api/v1/auth/mfa', {}],
      ['/api/v1/auth/mfa', { mfa_token: 'x', totp: '12' }],
      ['/api/v1/auth/mfa', { mfa_token: 'x', totp: '123456', recovery_code: 'ABCD' }],
      ['/api/v1/auth/mfa', { mfa_token: 'x', webauthn: { id: 'a' } }],
      ['/api/v1/auth/passkeys/login', { webauthn: 'nope' }],
      ['/api/v1/auth/passkeys/login', { webauthn: { id: '!!', rawId: 'a', type: 'public-key', response: {}, clientExtensionResults: {} } }],
    ])('%s %j is 400 problem+json', async (path, body) => {
      const res = await t.http.post(path).send(body).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
    });

    it('answers a well-shaped but meaningless passkey answer with invalid_mfa, not 500', async () => {
      const webauthn = { id: 'abc', rawId: 'abc', type: 'public-key', response: { clientDataJSON: 'e30', authenticatorData: 'AAAA', signature: 'AAAA' }, clientExtensionResults: {} };
      expect((await t.http.post('/api/v1/auth/passkeys/login').send({ webauthn }).expect(401)).body.code).toBe('invalid_mfa');
    });

    it('refuses reauth bodies with none or two proofs', async () => {
      const owner = await login(t);
      for (const body of [{}, { password: 'a', totp: '123456' }]) {
        expect((await t.http.post('/api/v1/auth/reauth').set('authorization', bearer(owner)).send(body).expect(400)).body.code).toBe('validation_failed');
      }
    });
  });
});
