import { login } from '../support/auth';
import { startTestAppOnPostgres, TestApp } from '../support/test-app';

describe('refresh rotation on PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestAppOnPostgres()));
  afterAll(() => t.close());

  it('lets exactly one of many concurrent refreshes with one token succeed; the rest are reuse', async () => {
    for (let round = 0; round < 5; round++) {
      const session = await login(t);
      const results = await Promise.all(
        Array.from({ length: 6 }, () => t.http.post('/api/v1/auth/refresh').send({ refresh_token: session.refreshToken })),
      );
      const statuses = results.map((res) => res.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(results.filter((res) => res.status === 401).every((res) => res.body.code === 'refresh_token_reused')).toBe(true);
      const winner = results.find((res) => res.status === 200);
      await t.http.post('/api/v1/auth/refresh').send({ refresh_token: winner?.body.refresh_token }).expect(401);
    }
  });
});
