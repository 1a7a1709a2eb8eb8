import { ErrorCode, type Scope } from '@lightbox/auth-contracts';
import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../http/app-error';
import { credentialRefused } from '../access/access-errors';
import { AuthenticationGuard } from './authentication.guard';
import type { ApiKeyGuard } from './api-key.guard';
import type { JwtAuthGuard } from './jwt-auth.guard';
import type { Caller, Principal, ShareLinkPrincipal } from '../access/principal';
import type { ShareLinkGuard } from './share-link.guard';
import { OpenToShareLinks, Public, RequireRecentAuth, RequireScopes } from '../access/access-rule';
import { stepUpRequired } from '../access/access-errors';
import type { StepUp } from './step-up';

type Credential = 'none' | 'valid' | 'invalid';

@Controller()
class Routes {
  @Public() @Get() open() {
    return 'open';
  }
  @Get() closed() {
    return 'closed';
  }
  @RequireScopes('images:write') @Get() scoped() {
    return 'scoped';
  }
  @RequireRecentAuth() @Get() recent() {
    return 'recent';
  }
  @Public() @OpenToShareLinks() @Get() shareable() {
    return 'shareable';
  }
}

const USER: Principal = { kind: 'user', userId: 'u1', username: 'someone', scopes: ['images:read', 'images:write'] };
const KEY: Principal = { kind: 'api_key', userId: 'u1', username: 'someone', apiKey: { id: 'k1', name: 'k', prefix: 'lbx_k1' }, scopes: ['images:read'] };

const SHARE: ShareLinkPrincipal = { kind: 'share_link', linkId: 'l1', shared: { kind: 'image', imageId: 'i1' }, allowDownload: false, scopes: [] };

/** The real guard and Reflector; the three passport strategies are replaced by their outcomes. */
function run(route: keyof Routes, bearer: Credential, key: Credential, keyScopes?: Scope[], userScopes?: Scope[], share: Credential = 'none') {
  const headers: Record<string, string> = {};
  if (bearer !== 'none') headers['authorization'] = `Bearer ${bearer}`;
  if (key !== 'none') headers['x-api-key'] = key;
  if (share !== 'none') headers['x-share-token'] = share;
  const request: { headers: Record<string, string>; principal?: Caller } = { headers };
  const judge = (value: Credential, principal: Caller, code: typeof ErrorCode.InvalidToken | typeof ErrorCode.InvalidApiKey | typeof ErrorCode.InvalidShareLink) => ({
    authenticate: async () => {
      if (value !== 'valid') throw credentialRefused(code);
      return principal;
    },
  });
  const guard = new AuthenticationGuard(
    new Reflector(),
    judge(bearer, userScopes ? { ...USER, scopes: userScopes } : USER, ErrorCode.InvalidToken) as unknown as JwtAuthGuard,
    judge(key, keyScopes ? { ...KEY, scopes: keyScopes } : KEY, ErrorCode.InvalidApiKey) as unknown as ApiKeyGuard,
    judge(share, SHARE, ErrorCode.InvalidShareLink) as unknown as ShareLinkGuard,
    // The step-up itself (auth_time, amr against the person's factors) is judged over HTTP: here it refuses whoever reaches it.
    { require: async () => Promise.reject(stepUpRequired(600)) } as unknown as StepUp,
  );
  const context = {
    getHandler: () => Routes.prototype[route],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return guard.canActivate(context).then(
    () => ({ outcome: 'allowed', kind: request.principal?.kind ?? 'anonymous' }),
    (error: AppError) => ({ outcome: `${error.status} ${error.code}`, kind: request.principal?.kind ?? 'anonymous' }),
  );
}

describe('AuthenticationGuard decision table', () => {
  // route, bearer, key → outcome, principal attached
  const table: [keyof Routes, Credential, Credential, string, string][] = [
    ['open', 'none', 'none', 'allowed', 'anonymous'],
    ['open', 'valid', 'none', 'allowed', 'user'],
    ['open', 'invalid', 'none', 'allowed', 'anonymous'],
    ['open', 'none', 'valid', 'allowed', 'api_key'],
    ['open', 'none', 'invalid', 'allowed', 'anonymous'],
    ['open', 'invalid', 'valid', 'allowed', 'anonymous'],
    ['open', 'valid', 'invalid', 'allowed', 'user'],
    ['open', 'valid', 'valid', 'allowed', 'user'],
    ['open', 'invalid', 'invalid', 'allowed', 'anonymous'],
    ['closed', 'none', 'none', '401 authentication_required', 'anonymous'],
    ['closed', 'valid', 'none', 'allowed', 'user'],
    ['closed', 'invalid', 'none', '401 invalid_token', 'anonymous'],
    ['closed', 'none', 'valid', 'allowed', 'api_key'],
    ['closed', 'none', 'invalid', '401 invalid_api_key', 'anonymous'],
    ['closed', 'invalid', 'valid', '401 invalid_token', 'anonymous'],
    ['closed', 'valid', 'invalid', 'allowed', 'user'],
    ['closed', 'valid', 'valid', 'allowed', 'user'],
    ['closed', 'invalid', 'invalid', '401 invalid_token', 'anonymous'],
    ['scoped', 'none', 'none', '401 authentication_required', 'anonymous'],
    ['scoped', 'valid', 'none', 'allowed', 'user'],
    ['scoped', 'invalid', 'none', '401 invalid_token', 'anonymous'],
    ['scoped', 'none', 'valid', '403 insufficient_scope', 'api_key'],
    ['scoped', 'none', 'invalid', '401 invalid_api_key', 'anonymous'],
    ['scoped', 'invalid', 'valid', '401 invalid_token', 'anonymous'],
    ['scoped', 'valid', 'invalid', 'allowed', 'user'],
    ['scoped', 'valid', 'valid', 'allowed', 'user'],
    ['scoped', 'invalid', 'invalid', '401 invalid_token', 'anonymous'],
  ];

  it.each(table)('%s route, %s bearer, %s key → %s (%s)', async (route, bearer, key, outcome, kind) => {
    expect(await run(route, bearer, key)).toEqual({ outcome, kind });
  });

  it('refuses a user token without the route scope with 403', async () => {
    expect(await run('scoped', 'valid', 'none', undefined, ['images:read'])).toEqual({
      outcome: '403 insufficient_scope',
      kind: 'user',
    });
  });

  it('asks a person for a step-up on a @RequireRecentAuth() route, and refuses a key whatever its scopes', async () => {
    expect(await run('recent', 'valid', 'none')).toEqual({ outcome: '401 step_up_required', kind: 'user' });
    expect(await run('recent', 'none', 'valid', ['images:read', 'images:write', 'audit:read'])).toEqual({ outcome: '403 insufficient_scope', kind: 'api_key' });
  });

  // route, share token → outcome, principal attached (no bearer, no key)
  const shareTable: [keyof Routes, Credential, string, string][] = [
    ['shareable', 'valid', 'allowed', 'share_link'],
    // Never ignored, even where anonymous callers are welcome: a visitor whose link ended is told so.
    ['shareable', 'invalid', '401 invalid_share_link', 'anonymous'],
    ['shareable', 'none', 'allowed', 'anonymous'],
    // Anywhere else a share token is no credential: not read, it adds nothing to an anonymous call.
    ['open', 'valid', 'allowed', 'anonymous'],
    ['open', 'invalid', 'allowed', 'anonymous'],
    ['closed', 'valid', '401 authentication_required', 'anonymous'],
    ['closed', 'invalid', '401 authentication_required', 'anonymous'],
    ['scoped', 'valid', '401 authentication_required', 'anonymous'],
    ['recent', 'valid', '401 authentication_required', 'anonymous'],
  ];

  it.each(shareTable)('%s route, %s share token → %s (%s)', async (route, share, outcome, kind) => {
    expect(await run(route, 'none', 'none', undefined, undefined, share)).toEqual({ outcome, kind });
  });

  it('judges a bearer token before a share token sent with it, and lets a person through a shareable route', async () => {
    expect(await run('shareable', 'valid', 'none', undefined, undefined, 'valid')).toEqual({ outcome: 'allowed', kind: 'user' });
    expect(await run('shareable', 'none', 'valid', undefined, undefined, 'none')).toEqual({ outcome: 'allowed', kind: 'api_key' });
  });

  it('lets a key that holds the route scope through', async () => {
    expect(await run('scoped', 'none', 'valid', ['images:read', 'images:write'])).toEqual({ outcome: 'allowed', kind: 'api_key' });
  });
});
