import { eq, inArray } from 'drizzle-orm';
import { invitations, users } from '../../src/database/schema';
import { USERNAME_LIMIT } from '../../src/auth/login-throttle';
import { bearer, login } from '../support/auth';
import { startTestAppOnPostgres, TestApp } from '../support/test-app';

const PASSWORD = 'a password of my own choosing';

/** An invitation is spent in the transaction that makes its person: on a real server, racers make one account. */
describe('invitations on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestAppOnPostgres()));
  afterAll(() => t.close());

  // As many racers as the throttle lets try one token at once: each reaches the transaction.
  it(`lets exactly one of ${USERNAME_LIMIT} accepts racing on one token join; the others are told it was used`, async () => {
    const owner = await login(t);
    const { id, token } = (await t.http.post('/api/v1/invitations').set('authorization', bearer(owner)).send({ role: 'editor' }).expect(201)).body;
    const names = Array.from({ length: USERNAME_LIMIT }, (_, i) => `racer-${i}`);
    const answers = await Promise.all(names.map((username) => t.http.post('/api/v1/invitations/accept').send({ token, username, password: PASSWORD })));

    expect(answers.filter((res) => res.status === 200)).toHaveLength(1);
    expect(answers.filter((res) => res.status !== 200).map((res) => [res.status, res.body.code])).toEqual(Array(USERNAME_LIMIT - 1).fill([410, 'invitation_used']));
    const made = await t.database.db.select({ id: users.id, username: users.username }).from(users).where(inArray(users.username, names));
    expect(made).toHaveLength(1);
    const [spent] = await t.database.db.select().from(invitations).where(eq(invitations.id, id));
    expect(spent.usedBy).toBe(made[0].id);
  });

  it('lets two invitations racing for one username make one account, and keeps the loser’s invitation usable', async () => {
    const owner = await login(t);
    const invite = async () => (await t.http.post('/api/v1/invitations').set('authorization', bearer(owner)).send({ role: 'viewer' }).expect(201)).body.token as string;
    const [first, second] = [await invite(), await invite()];
    const answers = await Promise.all([first, second].map((token) => t.http.post('/api/v1/invitations/accept').send({ token, username: 'twin', password: PASSWORD })));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
    const loser = answers[0].status === 409 ? first : second;
    await t.http.post('/api/v1/invitations/accept').send({ token: loser, username: 'twin-2', password: PASSWORD }).expect(200);
  });
});
