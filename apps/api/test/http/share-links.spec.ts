import { ErrorCode, PROBLEM_CONTENT_TYPE } from '@lightbox/auth-contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { auditEvents, shareLinks } from '../../src/database/schema';
import { loggedPath } from '../../src/http/request-logging';
import { bearer, createUser, login, LoggedIn } from '../support/auth';
import { makeImage } from '../support/images';
import { startTestApp, TestApp } from '../support/test-app';

const DAY_MS = 24 * 3_600_000;

/** Share links over HTTP: the link, its visitor's share token, and what that token may never do. */
describe('share links', () => {
  let t: TestApp;
  let owner: LoggedIn;
  let album: string;
  let hidden: string;
  let shown: string;
  let stranger: string;
  beforeAll(async () => {
    t = await startTestApp({ stoppedClock: true });
    owner = await login(t);
    const upload = async (visibility: string) =>
      (await t.http.post('/api/v1/images').set('authorization', bearer(owner)).field('visibility', visibility).attach('file', await makeImage('jpeg', 64, 48), 'x.jpg').expect(201)).body.id as string;
    hidden = await upload('private');
    shown = await upload('public');
    stranger = await upload('private');
    album = (await t.http.post('/api/v1/albums').set('authorization', bearer(owner)).send({ title: 'Family', description: 'Summer' }).expect(201)).body.id;
    await t.http.put(`/api/v1/albums/${album}/images`).set('authorization', bearer(owner)).send({ image_ids: [hidden, shown] }).expect(200);
  });
  afterAll(() => t.close());

  const share = (body: object = {}, target = `albums/${album}`) => t.http.post(`/api/v1/${target}/share-links`).set('authorization', bearer(owner)).send(body);
  const open = (token: string, password?: string) => t.http.post('/api/v1/share-links/access').send(password === undefined ? { token } : { token, password });
  const openToken = async (token: string, password?: string) => (await open(token, password).expect(200)).body.share_token as string;
  const as = (shareToken: string) => ({
    get: (path: string) => t.http.get(`/api/v1/${path}`).set('x-share-token', shareToken),
  });
  const change = (id: string, body: object) => t.http.patch(`/api/v1/share-links/${id}`).set('authorization', bearer(owner)).send(body);

  it('makes a link shown once, stored as a hash, expiring in 30 days unless told otherwise, and audited', async () => {
    const res = await share({ label: 'for grandma' }).expect(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ label: 'for grandma', allow_download: false, has_password: false, max_views: null, views: 0, status: 'active', target: { kind: 'album', album_id: album, title: 'Family' } });
    expect(res.body.token).toMatch(/^lbs_[0-9A-Za-z]{38}$/);
    expect(res.body.url).toBe(`${new URL(res.request.url).origin}/s/${res.body.token}`);
    expect(Date.parse(res.body.expires_at) - t.clock.now()).toBe(30 * DAY_MS);
    const stored = JSON.stringify(await t.database.db.select().from(shareLinks));
    expect(stored).not.toContain(res.body.token.slice(12));
    const listed = await t.http.get(`/api/v1/share-links/${res.body.id}`).set('authorization', bearer(owner)).expect(200);
    expect(listed.body).not.toHaveProperty('token');
    const [event] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'share_link.created'));
    expect(event).toMatchObject({ actor: 'owner', target: `share_link:${res.body.id}` });
    expect(JSON.stringify(event)).not.toContain(res.body.token);

    const forever = await share({ expires_at: null }).expect(201);
    expect(forever.body.expires_at).toBeNull();
  });

  it('opens its album to the visitor: the album, its images, thumbnails and previews, never the originals without downloads', async () => {
    const link = (await share().expect(201)).body;
    const opened = await open(link.token).expect(200);
    expect(opened.headers['cache-control']).toBe('no-store');
    expect(opened.body).toMatchObject({ shared: { kind: 'album', album: { id: album, title: 'Family', description: 'Summer', sort: 'manual' } }, allow_download: false, expires_in: 3600 });
    const visitor = as(opened.body.share_token);

    expect((await visitor.get(`albums/${album}`).expect(200)).body).toMatchObject({ id: album, image_count: 2 });
    expect((await visitor.get(`albums/${album}/images`).expect(200)).body.items.map((image: { id: string }) => image.id)).toEqual([hidden, shown]);
    await visitor.get(`images/${hidden}`).expect(200);
    await visitor.get(`images/${hidden}/thumbnail`).expect(200);
    await visitor.get(`images/${hidden}/preview`).expect(200);
    const refused = await visitor.get(`images/${hidden}/file`).expect(403);
    expect(refused.body.code).toBe(ErrorCode.InsufficientScope);

    // Nothing outside the album; elsewhere the token is no credential, and a visitor gets what anyone gets.
    await visitor.get(`images/${stranger}`).expect(404);
    await visitor.get(`images/${stranger}/thumbnail`).expect(404);
    expect((await visitor.get('images').expect(200)).body.items.map((image: { id: string }) => image.id)).toEqual([shown]);
    expect((await visitor.get('auth/me').expect(401)).body.code).toBe(ErrorCode.AuthenticationRequired);
  });

  it('applies a change of downloads at once to tokens already issued', async () => {
    const link = (await share().expect(201)).body;
    const visitor = as(await openToken(link.token));
    await visitor.get(`images/${shown}/file`).expect(403);
    await change(link.id, { allow_download: true }).expect(200);
    await visitor.get(`images/${shown}/file`).expect(200);
    await change(link.id, { allow_download: false }).expect(200);
    await visitor.get(`images/${shown}/file`).expect(403);
  });

  it('ends already-issued tokens when revoked, with a 410 that says why, and keeps the link listed as revoked', async () => {
    const link = (await share().expect(201)).body;
    const visitor = as(await openToken(link.token));
    await t.http.delete(`/api/v1/share-links/${link.id}`).set('authorization', bearer(owner)).expect(204);
    await t.http.delete(`/api/v1/share-links/${link.id}`).set('authorization', bearer(owner)).expect(204);
    const ended = await visitor.get(`albums/${album}`).expect(410);
    expect(ended.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    // A 410 is cacheable by default: a browser must not answer a new link's requests with it.
    expect(ended.headers['cache-control']).toBe('no-store');
    expect(ended.body).toMatchObject({ code: ErrorCode.ShareLinkExpired, reason: 'revoked' });
    expect((await open(link.token).expect(410)).body.reason).toBe('revoked');
    expect((await t.http.get(`/api/v1/share-links/${link.id}`).set('authorization', bearer(owner)).expect(200)).body).toMatchObject({ status: 'revoked' });
    await change(link.id, { label: 'again' }).expect(409);
    expect(await t.database.db.select().from(auditEvents).where(eq(auditEvents.target, `share_link:${link.id}`))).toHaveLength(2);
  });

  it('stops opening at its expiry, and its tokens with it', async () => {
    const link = (await share({ expires_at: new Date(t.clock.now() + 120_000).toISOString() }).expect(201)).body;
    const opened = await open(link.token).expect(200);
    expect(opened.body.expires_in).toBe(120);
    t.clock.advance(120_000);
    expect((await as(opened.body.share_token).get(`albums/${album}`).expect(410)).body.reason).toBe('expired');
    expect((await open(link.token).expect(410)).body).toMatchObject({ code: ErrorCode.ShareLinkExpired, reason: 'expired' });
  });

  it('counts openings against max_views, and a limit lowered below a token’s opening ends that token', async () => {
    const link = (await share({ max_views: 2 }).expect(201)).body;
    const first = as(await openToken(link.token));
    const second = as(await openToken(link.token));
    expect((await open(link.token).expect(410)).body.reason).toBe('view_limit_reached');
    await change(link.id, { max_views: 1 }).expect(200);
    await first.get(`albums/${album}`).expect(200);
    expect((await second.get(`albums/${album}`).expect(410)).body.reason).toBe('view_limit_reached');
    expect((await t.http.get(`/api/v1/share-links/${link.id}`).set('authorization', bearer(owner)).expect(200)).body).toMatchObject({ views: 2, status: 'view_limit_reached' });
  });

  it('asks for the password, refuses a wrong one (audited), throttles guessing per link, and opens with the right one', async () => {
    const link = (await share({ password: 'grandma likes tea' }).expect(201)).body;
    expect(link.has_password).toBe(true);
    expect((await open(link.token).expect(401)).body.code).toBe(ErrorCode.ShareLinkPasswordRequired);
    expect((await open(link.token, 'grandpa likes tea').expect(401)).body.code).toBe(ErrorCode.InvalidCredentials);
    const failures = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'share_link.password_failed'));
    expect(failures).toEqual([expect.objectContaining({ outcome: 'failure', target: `share_link:${link.id}` })]);
    await openToken(link.token, 'grandma likes tea');

    // A link nobody has opened from here: guesses at it are held back like guesses at a username.
    const guessed = (await share({ password: 'grandma likes tea' }).expect(201)).body;
    for (let i = 0; i < 5; i++) await open(guessed.token, `guess number ${i}`).expect(401);
    const throttled = await open(guessed.token, 'grandma likes tea').expect(429);
    expect(throttled.body.code).toBe(ErrorCode.TooManyRequests);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    t.clock.advance(5 * 60_000);
    await openToken(guessed.token, 'grandma likes tea');
  });

  it('keeps an access log of openings, views and downloads, for the link’s owner', async () => {
    const link = (await share({ allow_download: true }).expect(201)).body;
    const visitor = as(await openToken(link.token));
    await visitor.get(`images/${shown}/thumbnail`).expect(200);
    await visitor.get(`images/${shown}/preview`).set('user-agent', 'Grandmas tablet').expect(200);
    await visitor.get(`images/${hidden}/file`).expect(200);
    const log = await t.http.get(`/api/v1/share-links/${link.id}/accesses`).set('authorization', bearer(owner)).expect(200);
    expect(log.body.items.map((access: { action: string; image_id: string | null }) => [access.action, access.image_id])).toEqual(
      expect.arrayContaining([
        ['opened', null],
        ['viewed', shown],
        ['downloaded', hidden],
      ]),
    );
    expect(log.body.items).toHaveLength(3);
    expect(log.body.items.find((access: { action: string }) => access.action === 'viewed').user_agent).toBe('Grandmas tablet');
  });

  it('shares one image: that image only', async () => {
    const link = (await share({}, `images/${stranger}`).expect(201)).body;
    expect(link.target).toEqual({ kind: 'image', image_id: stranger, title: '' });
    const opened = await open(link.token).expect(200);
    expect(opened.body.shared).toEqual({ kind: 'image', image_id: stranger });
    const visitor = as(opened.body.share_token);
    await visitor.get(`images/${stranger}/preview`).expect(200);
    await visitor.get(`images/${hidden}`).expect(404);
    await visitor.get(`albums/${album}`).expect(404);
  });

  it('lets only the owner of what is shared (or an admin) make and manage its links; an API key never, whatever its scopes', async () => {
    const editor = await createUser(t, 'editor', owner);
    const session = await login(t, editor.username, editor.password);
    const link = (await share().expect(201)).body;
    const theirs = (r: ReturnType<typeof t.http.get>) => r.set('authorization', bearer(session));
    expect((await theirs(t.http.post(`/api/v1/albums/${album}/share-links`)).send({}).expect(403)).body.code).toBe(ErrorCode.NotOwner);
    await theirs(t.http.get(`/api/v1/share-links/${link.id}`)).expect(404);
    await theirs(t.http.patch(`/api/v1/share-links/${link.id}`)).send({ label: 'mine' }).expect(404);
    await theirs(t.http.delete(`/api/v1/share-links/${link.id}`)).expect(404);
    expect((await theirs(t.http.get('/api/v1/share-links')).expect(200)).body.items).toEqual([]);

    const key = (await t.http.post('/api/v1/api-keys').set('authorization', bearer(owner)).send({ name: 'all', scopes: ['images:read', 'images:write', 'audit:read'] }).expect(201)).body.key;
    const keyed = (r: ReturnType<typeof t.http.get>) => r.set('x-api-key', key);
    for (const request of [
      keyed(t.http.post(`/api/v1/albums/${album}/share-links`)).send({}),
      keyed(t.http.post(`/api/v1/images/${shown}/share-links`)).send({}),
      keyed(t.http.get('/api/v1/share-links')),
      keyed(t.http.get(`/api/v1/share-links/${link.id}`)),
      keyed(t.http.patch(`/api/v1/share-links/${link.id}`)).send({ allow_download: true }),
      keyed(t.http.delete(`/api/v1/share-links/${link.id}`)),
      keyed(t.http.get(`/api/v1/share-links/${link.id}/accesses`)),
    ]) {
      expect((await request.expect(403)).body.code).toBe(ErrorCode.InsufficientScope);
    }
    // The key can organise albums: they hold no credential.
    await keyed(t.http.put(`/api/v1/albums/${album}/images`)).send({ image_ids: [shown] }).expect(200);
  });

  it.each([
    ['an expiry that is not a date', { expires_at: 'tomorrow' }, 'expires_at'],
    ['an expiry in the past', { expires_at: '2000-01-01T00:00:00Z' }, 'expires_at'],
    ['a view limit of 0', { max_views: 0 }, 'max_views'],
    ['a short password', { password: 'short' }, 'password'],
    ['downloads as a string', { allow_download: 'yes' }, 'allow_download'],
    ['an unknown field', { public: true }, ''],
  ])('refuses %s with a 400 naming the field', async (_name, body, path) => {
    const res = await share(body).expect(400);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.body.code).toBe(ErrorCode.ValidationFailed);
    expect(res.body.errors.map((error: { path: string }) => error.path)).toContain(path);
  });

  it.each([
    ['no token', {}, 400],
    ['a made-up token', { token: 'lbs_notarealtoken' }, 401],
    ['a token with a wrong checksum', { token: `lbs_${'a'.repeat(38)}` }, 401],
    ['a password of the wrong type', { token: `lbs_${'a'.repeat(38)}`, password: 42 }, 400],
  ])('refuses to open a link with %s, as problem+json', async (_name, body, status) => {
    const res = await t.http.post('/api/v1/share-links/access').send(body).expect(status);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    if (status === 401) expect(res.body.code).toBe(ErrorCode.InvalidShareLink);
  });

  it('refuses a forged, tampered or user-audience share token, and never takes a share token as an access token', async () => {
    const link = (await share().expect(201)).body;
    const token = await openToken(link.token);
    const [head, body, signature] = token.split('.');
    const tampered = `${head}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), view: 0 })).toString('base64url')}.${signature}`;
    expect((await as(tampered).get(`albums/${album}`).expect(401)).body.code).toBe(ErrorCode.InvalidShareLink);
    expect((await as(owner.accessToken).get(`albums/${album}`).expect(401)).body.code).toBe(ErrorCode.InvalidShareLink);
    expect((await t.http.get('/api/v1/auth/me').set('authorization', `Bearer ${token}`).expect(401)).body.code).toBe(ErrorCode.InvalidToken);
  });

  it('answers a share token on every operation of the document: its reads pass, and elsewhere it adds nothing to an anonymous call', async () => {
    const link = (await share({ allow_download: true }).expect(201)).body;
    const token = await openToken(link.token);
    const document = JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8')) as {
      paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
    };
    // Of the album's private image: what only the share token can read.
    const idFor = (path: string) => (path.startsWith('/api/v1/albums') ? album : path.startsWith('/api/v1/images') ? hidden : link.id);
    const passing: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const url = path.replace('{id}', idFor(path));
        const withToken = await t.http[method as 'get'](url).set('x-share-token', token).send({});
        if ((operation.security ?? []).some((requirement) => 'shareToken' in requirement)) {
          expect([method, path, withToken.status]).toEqual([method, path, 200]);
          passing.push(`${method.toUpperCase()} ${path}`);
          continue;
        }
        // Public routes answer as to anyone; the others as to a caller without credentials. Nothing is changed.
        const anonymous = await t.http[method as 'get'](url).send({});
        expect([method, path, withToken.status, withToken.body.code]).toEqual([method, path, anonymous.status, anonymous.body.code]);
        // A read shows the same (a write may answer with something fresh, a challenge say).
        if (method === 'get' && withToken.status < 400) expect([path, withToken.text]).toEqual([path, anonymous.text]);
      }
    }
    expect(passing.sort()).toEqual([
      'GET /api/v1/albums/{id}',
      'GET /api/v1/albums/{id}/images',
      'GET /api/v1/images/{id}',
      'GET /api/v1/images/{id}/file',
      'GET /api/v1/images/{id}/preview',
      'GET /api/v1/images/{id}/thumbnail',
    ]);
    // The link is still good: nothing above changed it.
    expect((await t.http.get(`/api/v1/share-links/${link.id}`).set('authorization', bearer(owner)).expect(200)).body.status).toBe('active');
  });

  it('masks a share page’s token in the request log', () => {
    expect(loggedPath('/s/lbs_abcdefghijklmnopqrstuvwxyz0123456789AB?x=1')).toBe('/s/[Redacted]');
    expect(loggedPath('/api/v1/images?tag=sea')).toBe('/api/v1/images');
  });

  it('counts views exactly when visitors race for the last one', async () => {
    const link = (await share({ max_views: 3 }).expect(201)).body;
    const answers = await Promise.all(Array.from({ length: 8 }, () => open(link.token)));
    expect(answers.filter((res) => res.status === 200)).toHaveLength(3);
    expect(answers.filter((res) => res.status === 410)).toHaveLength(5);
    const [{ views }] = await t.database.db.select({ views: shareLinks.views }).from(shareLinks).where(eq(shareLinks.id, link.id));
    expect(views).toBe(3);
  });
});
