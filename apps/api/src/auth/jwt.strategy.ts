import { AMR_VALUES, type AuthMethod, ErrorCode, ROLE_SCOPES } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { Strategy } from 'passport-jwt';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { credentialRefused } from '../access/access-errors';
import type { UserPrincipal } from '../access/principal';
import { MAX_CACHE_ENTRIES } from '../redis/invalidated-cache';
import { SessionStateCache } from './session-state.cache';
import { UserStateCache } from '../users/user-state.cache';

/** Skew allowed between instances' clocks for `nbf` and `iat`; `exp` is held exactly (see README). */
const CLOCK_TOLERANCE_SECONDS = 30;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** RFC 6750 §2.1: the scheme (any case), one space, one b64token, nothing after. */
const BEARER_CREDENTIALS = /^bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/** The header only (never the query string or a cookie); anything but exactly one token is none. */
function bearerToken(request: FastifyRequest): string | null {
  return BEARER_CREDENTIALS.exec(request.headers.authorization ?? '')?.[1] ?? null;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  /**
   * Tokens passport-jwt has verified and that have been let in, by their whole text. A client
   * sends one token for its whole lifetime: its signature, `iss`, `aud` and `nbf` are judged once,
   * not on every request. Only the exact text is found, so an altered token is a stranger that
   * passport-jwt judges; what can change (expiry, the user, the session) is judged every time.
   */
  private readonly verified = new LRUCache<string, WellFormedClaims>({ max: MAX_CACHE_ENTRIES });

  constructor(
    config: AppConfig,
    private readonly userStates: UserStateCache,
    private readonly sessions: SessionStateCache,
    private readonly clock: Clock,
  ) {
    super({
      jwtFromRequest: bearerToken,
      secretOrKey: config.jwt.secret as unknown as string,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      jsonWebTokenOptions: { clockTolerance: CLOCK_TOLERANCE_SECONDS },
      passReqToCallback: true,
    });
  }

  /** The principal of a token verified before, without passport; undefined for one not seen yet. */
  remembered(request: FastifyRequest): Promise<UserPrincipal> | undefined {
    const token = bearerToken(request);
    const claims = token === null ? undefined : this.verified.get(token);
    return claims && this.principalOf(claims);
  }

  /** Runs only for a token whose signature, iss, aud and times jsonwebtoken has accepted. */
  async validate(request: FastifyRequest, payload: unknown): Promise<UserPrincipal> {
    if (!isWellFormed(payload)) throw credentialRefused(ErrorCode.InvalidToken);
    const principal = await this.principalOf(payload);
    this.verified.set(bearerToken(request) as string, payload);
    return principal;
  }

  private async principalOf(claims: WellFormedClaims): Promise<UserPrincipal> {
    if (claims.exp * 1000 <= this.clock.now()) throw credentialRefused(ErrorCode.TokenExpired);
    // Both answer from memory once warm, and are awaited only on a miss (one query, shared by
    // concurrent requests): a warm request allocates no promise here.
    const cachedState = this.userStates.get(claims.sub);
    const state = cachedState instanceof Promise ? await cachedState : cachedState;
    if (!state?.active || state.tokenVersion !== claims.tv) throw credentialRefused(ErrorCode.InvalidToken);
    const cachedLive = this.sessions.isLive(claims.sid);
    if (!(cachedLive instanceof Promise ? await cachedLive : cachedLive)) throw credentialRefused(ErrorCode.InvalidToken);
    return {
      kind: 'user',
      userId: claims.sub,
      username: state.username,
      // Until the person enrols the second factor the policy asks of them, they may do nothing that needs a scope.
      scopes: claims.mfa_enrol ? NO_SCOPES : ROLE_SCOPES[state.role],
      sessionId: claims.sid,
      // A token from before auth_time existed counts as an authentication long past: a step-up asks again.
      authTime: (claims.auth_time ?? 0) * 1000,
      amr: claims.amr ?? NO_METHODS,
    };
  }
}

const NO_SCOPES: readonly never[] = [];
const NO_METHODS: readonly AuthMethod[] = [];
const KNOWN_METHODS: ReadonlySet<unknown> = new Set(AMR_VALUES);

interface WellFormedClaims {
  sub: string;
  sid: string;
  tv: number;
  iat: number;
  exp: number;
  auth_time?: number;
  amr?: AuthMethod[];
  mfa_enrol?: true;
}

/** jsonwebtoken accepts a token without `exp`, or with a string `iat`, or with a string payload: we do not. */
function isWellFormed(payload: unknown): payload is WellFormedClaims {
  if (typeof payload !== 'object' || payload === null) return false;
  const claims = payload as Record<string, unknown>;
  return (
    typeof claims['sub'] === 'string' &&
    UUID.test(claims['sub']) &&
    typeof claims['sid'] === 'string' &&
    UUID.test(claims['sid']) &&
    Number.isInteger(claims['tv']) &&
    Number.isFinite(claims['iat']) &&
    Number.isFinite(claims['exp']) &&
    (claims['auth_time'] === undefined || Number.isFinite(claims['auth_time'])) &&
    (claims['amr'] === undefined || (Array.isArray(claims['amr']) && claims['amr'].every((method) => KNOWN_METHODS.has(method)))) &&
    (claims['mfa_enrol'] === undefined || claims['mfa_enrol'] === true)
  );
}
