import { createFreshDatabase, FreshDatabase } from '@lightbox/test-harness';
import { openPostgres } from '../../src/database/open-database';
import { bearer, createUser, login } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

/** What only a real PostgreSQL server shows: its locale's lower(), and a database dropped under the API. */
describe('trust boundaries on PostgreSQL', () => {
  let fresh: FreshDatabase;
  let t: TestApp;

  beforeEach(async () => {
    fresh = await createFreshDatabase();
    t = await startTestApp({ database: await openPostgres(fresh.url, () => undefined) });
  });

  afterEach(async () => {
    await t.close();
    await fresh.drop();
  });

  it("lets no look-alike username past the real one's throttle, whatever lower() does in this locale", async () => {
    const user = await createUser(t, 'viewer');
    for (let i = 0; i < 5; i++) {
      await t.http.post('/api/v1/auth/login').send({ username: user.username, password: 'wrong password' }).expect(401);
    }
    // PostgreSQL's lower('İ') is 'i' under a UTF-8 locale (JavaScript's is 'i̇'): it used to find
    // the account under another throttle key. Now what folds to the name shares its block, and
    // what does not finds nobody.
    for (const [username, status] of [
      [user.username.toUpperCase(), 429],
      [user.username.replace('i', 'İ'), 401],
      [user.username.replace('i', 'i\u0307'), 401],
    ] as const) {
      const res = await t.http.post('/api/v1/auth/login').send({ username, password: user.password });
      expect({ username, status: res.status }).toEqual({ username, status });
    }
  });

  it('answers 503, not 500, once its database is dropped under it', async () => {
    const owner = await login(t);
    await t.http.get('/api/v1/images').expect(200);
    await fresh.drop();
    // The page just read may still be answered from memory for the gallery cache's second; a page
    // it has not seen has to ask the database.
    for (const request of [
      t.http.get('/api/v1/images?limit=7'),
      t.http.get('/api/v1/api-keys').set('authorization', bearer(owner)),
      t.http.post('/api/v1/auth/login').send({ username: 'owner', password: 'whatever it is' }),
      t.http.get('/health/ready'),
    ]) {
      const res = await request;
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'service_unavailable' });
    }
  });
});
