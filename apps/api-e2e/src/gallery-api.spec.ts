import { ApiProcess, committedDocument, readCommittedDocument, SoftwareAuthenticator, startApi } from '@lightbox/test-harness';
import { Secret, TOTP } from 'otpauth';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createClient, { type Client } from 'openapi-fetch';
import sharp from 'sharp';
import type { paths } from './generated/lightbox-api';

/**
 * The built API, driven only through a client generated from the committed OpenAPI document, and
 * every response held to that document. The last test checks that every operation of that document
 * was called at least once.
 */
const SPEC = readCommittedDocument() as { paths: Record<string, Record<string, { operationId: string }>> };
const OWNER = { username: 'owner', password: 'an e2e owner password' };

type Api = Client<paths>;

describe('the gallery API through its generated client', () => {
  let dataDir: string;
  let server: ApiProcess;
  let api: Api;
  const called = new Set<string>();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lightbox-e2e-'));
    server = await startApi({ DATA_DIR: dataDir, OWNER_USERNAME: OWNER.username, OWNER_PASSWORD: OWNER.password, SIGNUP: 'open' });
    api = createClient<paths>({ baseUrl: server.baseUrl });
    api.use({
      onRequest({ request, schemaPath }) {
        called.add(`${request.method.toLowerCase()} ${schemaPath}`);
      },
      onResponse: ({ request, response }) => committedDocument().checkResponse(request.method, request.url, response),
    });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const apiKey = (key: string) => ({ 'X-API-Key': key });
  const loginAs = async (username: string, password: string) => {
    const { data, error } = await api.POST('/api/v1/auth/login', { body: { username, password } });
    if (!data) throw new Error(`login as ${username}: ${JSON.stringify(error)}`);
    return data.access_token;
  };
  const upload = (headers: Record<string, string>, file: Buffer, fields: { title?: string; tags?: string; visibility?: 'public' | 'private' }) =>
    api.POST('/api/v1/images', {
      headers,
      body: { file: new Blob([new Uint8Array(file)]), ...fields },
      bodySerializer: ({ file: blob, ...rest }) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(rest)) if (value !== undefined) form.append(name, String(value));
        form.append('file', blob, 'upload.bin');
        return form;
      },
    });
  const photo = (format: 'jpeg' | 'png', width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: { r: 200, g: 90, b: 30 } } }).toFormat(format).toBuffer();

  let ownerToken: string;
  let editor: { id: string; username: string; password: string };
  let writeKey: string;
  let publicImageId: string;

  it('is alive and ready', async () => {
    expect((await api.GET('/health')).data).toEqual({ status: 'ok' });
    expect((await api.GET('/health/ready')).data).toEqual({ status: 'ok', checks: { database: 'up' } });
  });

  it('logs in and uses the bearer token', async () => {
    ownerToken = await loginAs(OWNER.username, OWNER.password);
    const { data } = await api.GET('/api/v1/auth/me', { headers: bearer(ownerToken) });
    expect(data).toMatchObject({ kind: 'user', username: OWNER.username, role: 'owner' });
  });

  it('refuses missing and bad credentials with 401 and a challenge', async () => {
    const anonymous = await api.GET('/api/v1/auth/me');
    expect(anonymous.response.status).toBe(401);
    expect(anonymous.error).toMatchObject({ code: 'authentication_required' });
    expect(anonymous.response.headers.get('www-authenticate')).toContain('Bearer');

    const badKey = await api.GET('/api/v1/auth/me', { headers: apiKey('lbx_not-a-key') });
    expect(badKey.error).toMatchObject({ status: 401, code: 'invalid_api_key' });
    const badLogin = await api.POST('/api/v1/auth/login', { body: { username: OWNER.username, password: 'wrong password' } });
    expect(badLogin.error).toMatchObject({ status: 401, code: 'invalid_credentials' });
  });

  it('issues and refreshes tokens the OAuth way', async () => {
    const granted = await api.POST('/api/v1/auth/token', {
      body: { grant_type: 'password', username: OWNER.username, password: OWNER.password },
      bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(granted.data).toMatchObject({ token_type: 'Bearer', scope: expect.stringContaining('images:write') });

    const refreshed = await api.POST('/api/v1/auth/refresh', { body: { refresh_token: granted.data?.refresh_token } });
    expect(refreshed.data?.refresh_token).toBeDefined();
    expect(refreshed.data?.refresh_token).not.toBe(granted.data?.refresh_token);

    const replayed = await api.POST('/api/v1/auth/refresh', { body: { refresh_token: granted.data?.refresh_token } });
    expect(replayed.error).toMatchObject({ status: 401, code: 'refresh_token_reused' });
  });

  it('manages users', async () => {
    const created = await api.POST('/api/v1/users', {
      headers: bearer(ownerToken),
      body: { username: 'eddie', password: 'an editor password here', role: 'editor' },
    });
    expect(created.response.status).toBe(201);
    editor = { id: created.data?.id ?? '', username: 'eddie', password: 'an editor password here' };

    const temp = await api.POST('/api/v1/users', { headers: bearer(ownerToken), body: { username: 'temp', password: 'a temporary password', role: 'viewer' } });
    const tempId = temp.data?.id ?? '';
    const changed = await api.PATCH('/api/v1/users/{id}', { headers: bearer(ownerToken), params: { path: { id: tempId } }, body: { active: false } });
    expect(changed.data).toMatchObject({ active: false });
    expect((await api.GET('/api/v1/users/{id}', { headers: bearer(ownerToken), params: { path: { id: tempId } } })).data?.username).toBe('temp');
    const list = await api.GET('/api/v1/users', { headers: bearer(ownerToken) });
    expect(list.data?.items.map((user) => user.username)).toEqual(expect.arrayContaining(['owner', 'eddie', 'temp']));
    const removed = await api.DELETE('/api/v1/users/{id}', { headers: bearer(ownerToken), params: { path: { id: tempId } } });
    expect(removed.response.status).toBe(204);
  });

  it('manages API keys, and a key is never allowed to manage keys', async () => {
    const created = await api.POST('/api/v1/api-keys', { headers: bearer(ownerToken), body: { name: 'sync', scopes: ['images:read', 'images:write'] } });
    expect(created.response.status).toBe(201);
    const first = created.data?.key ?? '';
    const id = created.data?.id ?? '';

    expect((await api.GET('/api/v1/api-keys', { headers: bearer(ownerToken) })).data?.items.map((key) => key.id)).toContain(id);
    expect((await api.GET('/api/v1/api-keys/{id}', { headers: bearer(ownerToken), params: { path: { id } } })).data?.name).toBe('sync');
    const renamed = await api.PATCH('/api/v1/api-keys/{id}', { headers: bearer(ownerToken), params: { path: { id } }, body: { name: 'photo sync' } });
    expect(renamed.data?.name).toBe('photo sync');

    const rotated = await api.POST('/api/v1/api-keys/{id}/rotate', { headers: bearer(ownerToken), params: { path: { id } }, body: { grace_seconds: 0 } });
    writeKey = rotated.data?.key ?? '';
    expect(writeKey).not.toBe(first);
    expect((await api.GET('/api/v1/auth/me', { headers: apiKey(first) })).error).toMatchObject({ code: 'api_key_revoked' });
    expect((await api.GET('/api/v1/auth/me', { headers: apiKey(writeKey) })).data).toMatchObject({ kind: 'api_key', name: 'photo sync' });

    const byKey = await api.GET('/api/v1/api-keys', { headers: apiKey(writeKey) });
    expect(byKey.error).toMatchObject({ status: 403, code: 'insufficient_scope' });

    const doomed = await api.POST('/api/v1/api-keys', { headers: bearer(ownerToken), body: { name: 'doomed', scopes: ['images:read'] } });
    const revoked = await api.DELETE('/api/v1/api-keys/{id}', { headers: bearer(ownerToken), params: { path: { id: doomed.data?.id ?? '' } } });
    expect(revoked.response.status).toBe(204);
    expect((await api.GET('/api/v1/auth/me', { headers: apiKey(doomed.data?.key ?? '') })).error).toMatchObject({ code: 'api_key_revoked' });
  });

  it('uploads a JPEG and a PNG with an API key, and shows the public one to anyone', async () => {
    const jpeg = await upload(apiKey(writeKey), await photo('jpeg', 800, 600), { title: 'Harbour', tags: 'sea, boats', visibility: 'public' });
    expect(jpeg.response.status).toBe(201);
    expect(jpeg.data).toMatchObject({ width: 800, height: 600, content_type: 'image/jpeg', tags: ['sea', 'boats'] });
    publicImageId = jpeg.data?.id ?? '';
    const png = await upload(apiKey(writeKey), await photo('png', 64, 48), { title: 'Private sketch' });
    expect(png.data).toMatchObject({ width: 64, height: 48, content_type: 'image/png', visibility: 'private' });

    const list = await api.GET('/api/v1/images', { params: { query: { tag: 'sea' } } });
    expect(list.data?.items.map((image) => image.id)).toEqual([publicImageId]);
    expect((await api.GET('/api/v1/images/{id}', { params: { path: { id: png.data?.id ?? '' } } })).response.status).toBe(404);
    expect((await api.GET('/api/v1/images/{id}', { params: { path: { id: publicImageId } } })).data?.title).toBe('Harbour');
    expect((await api.GET('/api/v1/tags')).data).toEqual(expect.arrayContaining([{ name: 'sea', count: 1 }]));
  });

  it('serves files and thumbnails with an ETag, and 304 for a current copy', async () => {
    const file = await api.GET('/api/v1/images/{id}/file', { params: { path: { id: publicImageId } }, parseAs: 'arrayBuffer' });
    expect(file.response.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(Buffer.from(file.data as ArrayBuffer)).metadata()).width).toBe(800);
    const etag = file.response.headers.get('etag') ?? '';
    const again = await api.GET('/api/v1/images/{id}/file', { params: { path: { id: publicImageId }, header: { 'If-None-Match': etag } }, parseAs: 'stream' });
    expect(again.response.status).toBe(304);

    const thumbnail = await api.GET('/api/v1/images/{id}/thumbnail', { params: { path: { id: publicImageId } }, parseAs: 'arrayBuffer' });
    expect(thumbnail.response.headers.get('content-type')).toBe('image/webp');
  });

  it('arranges albums, shares one with a password, and a visitor sees it through the share token only', async () => {
    const owner = bearer(ownerToken);
    const second = await upload(apiKey(writeKey), await photo('png', 40, 30), { title: 'Second', visibility: 'private' });
    const secondId = second.data?.id ?? '';
    const created = await api.POST('/api/v1/albums', { headers: owner, body: { title: 'Harbour days', description: 'By the sea' } });
    expect(created.response.status).toBe(201);
    const id = created.data?.id ?? '';
    const album = { params: { path: { id } } };
    expect((await api.PUT('/api/v1/albums/{id}/images', { headers: owner, ...album, body: { image_ids: [publicImageId, secondId] } })).data?.image_count).toBe(2);
    expect((await api.PUT('/api/v1/albums/{id}/order', { headers: owner, ...album, body: { image_ids: [secondId] } })).response.status).toBe(204);
    expect((await api.PATCH('/api/v1/albums/{id}', { headers: owner, ...album, body: { cover_image_id: publicImageId } })).data?.cover_image_id).toBe(publicImageId);
    const contents = await api.GET('/api/v1/albums/{id}/images', { headers: owner, ...album });
    expect(contents.data?.items.map((image) => image.id)).toEqual([secondId, publicImageId]);
    expect((await api.GET('/api/v1/albums', { headers: owner })).data?.items.map((item) => item.id)).toContain(id);
    // A private album is not there for visitors.
    expect((await api.GET('/api/v1/albums/{id}', album)).response.status).toBe(404);

    const link = await api.POST('/api/v1/albums/{id}/share-links', { headers: owner, ...album, body: { label: 'family', password: 'tea with grandma' } });
    expect(link.response.status).toBe(201);
    const linkId = link.data?.id ?? '';
    const needsPassword = await api.POST('/api/v1/share-links/access', { body: { token: link.data?.token ?? '' } });
    expect(needsPassword.error).toMatchObject({ status: 401, code: 'share_link_password_required' });
    const opened = await api.POST('/api/v1/share-links/access', { body: { token: link.data?.token ?? '', password: 'tea with grandma' } });
    const visitor = { 'X-Share-Token': opened.data?.share_token ?? '' };
    expect((await api.GET('/api/v1/albums/{id}', { headers: visitor, ...album })).data).toMatchObject({ title: 'Harbour days', image_count: 2 });
    const shared = await api.GET('/api/v1/albums/{id}/images', { headers: visitor, ...album });
    expect(shared.data?.items).toHaveLength(2);
    const preview = await api.GET('/api/v1/images/{id}/preview', { headers: visitor, params: { path: { id: secondId } }, parseAs: 'arrayBuffer' });
    expect(preview.response.headers.get('content-type')).toBe('image/webp');
    expect((await api.GET('/api/v1/images/{id}/file', { headers: visitor, params: { path: { id: secondId } }, parseAs: 'stream' })).response.status).toBe(403);

    const links = await api.GET('/api/v1/share-links', { headers: owner, params: { query: { album_id: id } } });
    expect(links.data?.items.map((item) => item.id)).toEqual([linkId]);
    const withDownloads = await api.PATCH('/api/v1/share-links/{id}', { headers: owner, params: { path: { id: linkId } }, body: { allow_download: true } });
    expect(withDownloads.data?.allow_download).toBe(true);
    expect((await api.GET('/api/v1/images/{id}/file', { headers: visitor, params: { path: { id: secondId } }, parseAs: 'arrayBuffer' })).response.status).toBe(200);
    const accesses = await api.GET('/api/v1/share-links/{id}/accesses', { headers: owner, params: { path: { id: linkId } } });
    expect(accesses.data?.items.map((access) => access.action).sort()).toEqual(['downloaded', 'opened', 'viewed']);
    expect((await api.DELETE('/api/v1/share-links/{id}', { headers: owner, params: { path: { id: linkId } } })).response.status).toBe(204);
    expect((await api.GET('/api/v1/share-links/{id}', { headers: owner, params: { path: { id: linkId } } })).data?.status).toBe('revoked');
    const ended = await api.GET('/api/v1/albums/{id}', { headers: visitor, ...album });
    expect(ended.error).toMatchObject({ status: 410, code: 'share_link_expired', reason: 'revoked' });

    const imageLink = await api.POST('/api/v1/images/{id}/share-links', { headers: owner, params: { path: { id: secondId } }, body: {} });
    expect(imageLink.data?.target).toEqual({ kind: 'image', image_id: secondId, title: 'Second' });
    expect((await api.DELETE('/api/v1/albums/{id}/images', { headers: owner, ...album, body: { image_ids: [secondId] } })).data?.image_count).toBe(1);
    expect((await api.DELETE('/api/v1/albums/{id}', { headers: owner, ...album })).response.status).toBe(204);
    expect((await api.GET('/api/v1/images/{id}', { headers: owner, params: { path: { id: secondId } } })).response.status).toBe(200);
  });

  it('lets an editor work on their own images only; a viewer cannot upload', async () => {
    const editorToken = await loginAs(editor.username, editor.password);
    const refused = await api.DELETE('/api/v1/images/{id}', { headers: bearer(editorToken), params: { path: { id: publicImageId } } });
    expect(refused.error).toMatchObject({ status: 403, code: 'not_owner' });

    const own = await upload(bearer(editorToken), await photo('png', 10, 10), { title: 'Mine' });
    const id = own.data?.id ?? '';
    const changed = await api.PATCH('/api/v1/images/{id}', { headers: bearer(editorToken), params: { path: { id } }, body: { title: 'Still mine', tags: ['draft'] } });
    expect(changed.data).toMatchObject({ title: 'Still mine', tags: ['draft'] });
    const deleted = await api.DELETE('/api/v1/images/{id}', { headers: bearer(editorToken), params: { path: { id } } });
    expect(deleted.response.status).toBe(204);

    await api.POST('/api/v1/users', { headers: bearer(ownerToken), body: { username: 'vera', password: 'a viewer password here', role: 'viewer' } });
    const viewerToken = await loginAs('vera', 'a viewer password here');
    const denied = await upload(bearer(viewerToken), await photo('png', 10, 10), {});
    expect(denied.error).toMatchObject({ status: 403, code: 'insufficient_scope' });
  });

  it('lists and ends sessions, changes a password, and logs out', async () => {
    const second = await loginAs(editor.username, editor.password);
    const current = await loginAs(editor.username, editor.password);
    const sessions = await api.GET('/api/v1/auth/sessions', { headers: bearer(current) });
    const other = sessions.data?.items.find((session) => !session.current);
    expect(other).toBeDefined();
    const ended = await api.DELETE('/api/v1/auth/sessions/{id}', { headers: bearer(current), params: { path: { id: other?.id ?? '' } } });
    expect(ended.response.status).toBe(204);

    const changed = await api.POST('/api/v1/auth/password', {
      headers: bearer(current),
      body: { current_password: editor.password, new_password: 'a brand new editor password' },
    });
    expect(changed.response.status).toBe(204);
    expect((await api.GET('/api/v1/auth/me', { headers: bearer(second) })).response.status).toBe(401);

    const fresh = await loginAs(editor.username, 'a brand new editor password');
    expect((await api.DELETE('/api/v1/auth/sessions', { headers: bearer(fresh) })).response.status).toBe(204);
    expect((await api.GET('/api/v1/auth/me', { headers: bearer(fresh) })).response.status).toBe(401);

    const last = await loginAs(editor.username, 'a brand new editor password');
    expect((await api.POST('/api/v1/auth/logout', { headers: bearer(last) })).response.status).toBe(204);
  });

  it('invites a person who joins, and lets another sign up', async () => {
    const made = await api.POST('/api/v1/invitations', { headers: bearer(ownerToken), body: { role: 'editor', note: 'for Jo' } });
    expect(made.response.status).toBe(201);
    const token = made.data?.token ?? '';
    expect((await api.POST('/api/v1/invitations/check', { body: { token } })).data).toMatchObject({ role: 'editor', invited_by: OWNER.username });
    const joined = await api.POST('/api/v1/invitations/accept', { body: { token, username: 'jonas', password: 'a password jonas chose' } });
    expect(joined.error).toBeUndefined();
    expect(joined.data?.user).toMatchObject({ username: 'jonas', role: 'editor' });
    expect((await api.POST('/api/v1/invitations/accept', { body: { token, username: 'jonas-again', password: 'a password jonas chose' } })).error).toMatchObject({ status: 410, code: 'invitation_used' });

    const spare = await api.POST('/api/v1/invitations', { headers: bearer(ownerToken), body: { role: 'viewer', expires_in: 3600 } });
    expect((await api.DELETE('/api/v1/invitations/{id}', { headers: bearer(ownerToken), params: { path: { id: spare.data?.id ?? '' } } })).response.status).toBe(204);
    const listed = (await api.GET('/api/v1/invitations', { headers: bearer(ownerToken) })).data?.items ?? [];
    expect(listed.map((invitation) => invitation.status)).toEqual(['revoked', 'used']);

    expect((await api.GET('/api/v1/auth/signup')).data).toEqual({ role: 'viewer' });
    const signedUp = await api.POST('/api/v1/auth/signup', { body: { username: 'sam', password: 'a password sam chose' } });
    expect(signedUp.data?.user).toMatchObject({ username: 'sam', role: 'viewer' });
  });

  it('enrols and uses second factors, steps up, and sets the policy', async () => {
    const person = { username: 'mia', password: 'a second factor person' };
    await api.POST('/api/v1/users', { headers: bearer(ownerToken), body: { ...person, role: 'viewer' } });
    const mfaStep = async () => {
      const { error } = await api.POST('/api/v1/auth/login', { body: person });
      expect(error).toMatchObject({ status: 401, code: 'mfa_required' });
      return error?.mfa_token ?? '';
    };

    let token = await loginAs(person.username, person.password);
    expect((await api.GET('/api/v1/auth/factors', { headers: bearer(token) })).data).toMatchObject({ totp: false, passkeys: 0, step_up_methods: ['password'] });
    const enrolment = await api.POST('/api/v1/auth/totp', { headers: bearer(token) });
    const totp = new TOTP({ secret: Secret.fromBase32(enrolment.data?.secret ?? '') });
    const confirmed = await api.POST('/api/v1/auth/totp/confirm', { headers: bearer(token), body: { code: totp.generate() } });
    expect(confirmed.response.status).toBe(204);

    // The code's step is spent: the next one (one step ahead is in the window) completes the login.
    const byCode = await api.POST('/api/v1/auth/mfa', { body: { mfa_token: await mfaStep(), totp: totp.generate({ timestamp: Date.now() + 30_000 }) } });
    token = byCode.data?.access_token ?? '';
    const codes = (await api.POST('/api/v1/auth/recovery-codes', { headers: bearer(token) })).data?.codes ?? [];
    expect(codes).toHaveLength(10);

    const device = new SoftwareAuthenticator(server.baseUrl);
    const creation = await api.POST('/api/v1/auth/passkeys/registration-options', { headers: bearer(token) });
    const registered = await api.POST('/api/v1/auth/passkeys', { headers: bearer(token), body: { name: 'Laptop', webauthn: device.register(creation.data as never) } });
    expect(registered.response.status).toBe(201);

    const request = await api.POST('/api/v1/auth/passkeys/authentication-options', {});
    const byPasskey = await api.POST('/api/v1/auth/passkeys/login', { body: { webauthn: device.assert(request.data as never) } });
    token = byPasskey.data?.access_token ?? '';
    const id = (await api.GET('/api/v1/auth/passkeys', { headers: bearer(token) })).data?.items[0]?.id ?? '';
    expect((await api.PATCH('/api/v1/auth/passkeys/{id}', { headers: bearer(token), params: { path: { id } }, body: { name: 'Work' } })).data?.name).toBe('Work');
    expect((await api.DELETE('/api/v1/auth/passkeys/{id}', { headers: bearer(token), params: { path: { id } } })).response.status).toBe(204);

    const byRecoveryCode = await api.POST('/api/v1/auth/mfa', { body: { mfa_token: await mfaStep(), recovery_code: codes[0] } });
    token = byRecoveryCode.data?.access_token ?? '';
    expect((await api.DELETE('/api/v1/auth/totp', { headers: bearer(token) })).response.status).toBe(204);
    const again = await api.POST('/api/v1/auth/reauth', { headers: bearer(await loginAs(person.username, person.password)), body: { password: person.password } });
    expect(again.data?.access_token).toEqual(expect.any(String));

    expect((await api.GET('/api/v1/security-policy', { headers: bearer(ownerToken) })).data).toEqual({ mfa_required_roles: [] });
    const policy = await api.PUT('/api/v1/security-policy', { headers: bearer(ownerToken), body: { mfa_required_roles: ['admin'] } });
    expect(policy.data).toEqual({ mfa_required_roles: ['admin'] });
  });

  it('keeps an audit trail', async () => {
    const { data } = await api.GET('/api/v1/audit-events', { headers: bearer(ownerToken), params: { query: { action: 'image.uploaded' } } });
    expect(data?.items.length).toBeGreaterThanOrEqual(2);
  });

  it('called every operation of the committed document', () => {
    const operations = Object.entries(SPEC.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ key: `${method} ${path}`, id: operation.operationId })),
    );
    expect(operations.length).toBeGreaterThan(25);
    expect(operations.filter(({ key }) => !called.has(key)).map(({ id }) => id)).toEqual([]);
  });
});
