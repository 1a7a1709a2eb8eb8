import { Secret, TOTP } from 'otpauth';
import { bearer, createUser, login } from '../support/auth';
import { startTestAppOnPostgres, TestApp } from '../support/test-app';

/** What is good once stays good once when several requests race for it on a real server. */
describe('second factors on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestAppOnPostgres({ stoppedClock: true })));
  afterAll(() => t.close());

  it('completes a login once when one mfa_token, one TOTP code and one recovery code are raced; a loser keeps its code', async () => {
    const user = await createUser(t, 'viewer');
    const session = await login(t, user.username, user.password);
    const { body } = await t.http.post('/api/v1/auth/totp').set('authorization', bearer(session)).expect(201);
    const totp = new TOTP({ secret: Secret.fromBase32(body.secret) });
    await t.http.post('/api/v1/auth/totp/confirm').set('authorization', bearer(session)).send({ code: totp.generate({ timestamp: t.clock.now() }) }).expect(204);
    const refreshed = await t.http.post('/api/v1/auth/refresh').set('cookie', session.refreshCookie).expect(200);
    const codes = await t.http.post('/api/v1/auth/recovery-codes').set('authorization', `Bearer ${refreshed.body.access_token}`).expect(201);

    const unused = [...codes.body.codes] as string[];
    for (const kind of ['totp', 'recovery_code'] as const) {
      // Throttling counts the losers; a quiet spell between rounds lets it forget them.
      t.clock.advance(2 * 60_000);
      const proof = kind === 'totp' ? { totp: totp.generate({ timestamp: t.clock.now() }) } : { recovery_code: unused.shift() };
      // Separate logins, one code: the code's step (or the recovery code) is spent by one of them.
      const tokens: string[] = [];
      for (let i = 0; i < 4; i++) tokens.push((await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password })).body.mfa_token);
      const byCode = await Promise.all(tokens.map((mfa_token) => t.http.post('/api/v1/auth/mfa').send({ mfa_token, ...proof })));
      expect(byCode.map((res) => res.status).sort()).toEqual([200, 401, 401, 401]);

      // One token, several right answers: the token is spent by one of them.
      t.clock.advance(2 * 60_000);
      const mfaToken = (await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password })).body.mfa_token;
      const answers = unused.splice(0, 3).map((recovery_code) => ({ recovery_code }));
      const byToken = await Promise.all(answers.map((answer) => t.http.post('/api/v1/auth/mfa').send({ mfa_token: mfaToken, ...answer })));
      expect(byToken.filter((res) => res.status === 200)).toHaveLength(1);
      // The racers that lost the token kept their codes.
      for (const answer of answers.filter((_, i) => byToken[i].status !== 200)) {
        const again = (await t.http.post('/api/v1/auth/login').send({ username: user.username, password: user.password })).body.mfa_token;
        await t.http.post('/api/v1/auth/mfa').send({ mfa_token: again, ...answer }).expect(200);
      }
    }
  });
});
