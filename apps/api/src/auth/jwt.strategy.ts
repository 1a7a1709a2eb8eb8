import { ErrorCode, ROLE_SCOPES } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { credentialRefused } from '../access/access-errors';
import type { UserPrincipal } from '../access/principal';
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
    });
  }

  /** Runs only for a token whose signature, iss, aud and times jsonwebtoken has accepted. */
  async validate(payload: unknown): Promise<UserPrincipal> {
    if (!isWellFormed(payload)) throw credentialRefused(ErrorCode.InvalidToken);
    if (payload.exp * 1000 <= this.clock.now()) throw credentialRefused(ErrorCode.TokenExpired);
    // Both answer from memory once warm, and are awaited only on a miss (one query, shared by
    // concurrent requests): a warm request allocates no promise here.
    const cachedState = this.userStates.get(payload.sub);
    const state = cachedState instanceof Promise ? await cachedState : cachedState;
    if (!state?.active || state.tokenVersion !== payload.tv) throw credentialRefused(ErrorCode.InvalidToken);
    const cachedLive = this.sessions.isLive(payload.sid);
    if (!(cachedLive instanceof Promise ? await cachedLive : cachedLive)) throw credentialRefused(ErrorCode.InvalidToken);
    return { kind: 'user', userId: payload.sub, username: state.username, scopes: ROLE_SCOPES[state.role], sessionId: payload.sid };
  }
}

interface WellFormedClaims {
  sub: string;
  sid: string;
  tv: number;
  iat: number;
  exp: number;
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
    Number.isFinite(claims['exp'])
  );
}
