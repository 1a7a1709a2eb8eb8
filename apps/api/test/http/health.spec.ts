import { bearer, login } from '../support/auth';
import { startTestApp, TestApp } from '../support/test-app';

describe('readiness', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('is ready while the database answers', async () => {
    const res = await t.http.get('/health/ready').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'up' } });
  });

  it('answers 503 service_unavailable once the database is gone, while liveness stays up', async () => {
    await t.database.close();
    const res = await t.http.get('/health/ready').expect(503);
    expect(res.body).toMatchObject({ status: 503, code: 'service_unavailable' });
    await t.http.get('/health').expect(200);
  });

  it('answers an authenticated request it cannot check with 503, never 401 or 200', async () => {
    const other = await startTestApp();
    const owner = await login(other);
    await other.database.close();
    const res = await other.http.get('/api/v1/auth/me').set('authorization', bearer(owner)).expect(503);
    expect(res.body.code).toBe('service_unavailable');
    await other.close();
  });
});
