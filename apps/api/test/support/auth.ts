import type { Role } from '@lightbox/auth-contracts';
import { TEST_OWNER, type TestApp } from './test-app';

export interface LoggedIn {
  accessToken: string;
  /** The raw Set-Cookie value of the refresh cookie, ready for a `cookie` header. */
  refreshCookie: string;
  refreshToken: string;
  userId: string;
}

/** The `lbx_refresh=…` pair of an answer's Set-Cookie, ready for a `cookie` header; '' when none was set. */
export function refreshCookieOf(res: { headers: Record<string, unknown> }): string {
  return ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('lbx_refresh='))?.split(';')[0] ?? '';
}

export async function login(t: TestApp, username: string = TEST_OWNER.username, password: string = TEST_OWNER.password): Promise<LoggedIn> {
  const res = await t.http.post('/api/v1/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const refreshCookie = refreshCookieOf(res);
  return {
    accessToken: res.body.access_token,
    refreshCookie,
    refreshToken: refreshCookie.slice('lbx_refresh='.length),
    userId: res.body.user.id,
  };
}

let created = 0;

/** Creates a user through the users admin as the owner; returns its id and password. */
export async function createUser(t: TestApp, role: Exclude<Role, 'owner'>, owner?: LoggedIn) {
  const admin = owner ?? (await login(t));
  const username = `${role}-${++created}-${process.pid}`;
  const password = `a long ${role} password ${created}`;
  const res = await t.http
    .post('/api/v1/users')
    .set('authorization', `Bearer ${admin.accessToken}`)
    .send({ username, password, role });
  if (res.status !== 201) throw new Error(`creating ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, username, password };
}

export const bearer = (session: LoggedIn) => `Bearer ${session.accessToken}`;
