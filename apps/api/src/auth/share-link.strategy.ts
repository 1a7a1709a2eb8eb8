import { ErrorCode, SHARE_TOKEN_HEADER } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';
import { credentialRefused } from '../access/access-errors';
import type { ShareLinkPrincipal } from '../access/principal';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { AppError } from '../http/app-error';
import { ShareLinkStates } from '../share-links/share-link-states';
import { endOf } from '../share-links/share-link-view';
import { SHARE_TOKEN_AUDIENCE, type ShareTokenClaims } from './share-token';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const JWT = /^[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+$/;

function shareToken(request: FastifyRequest): string | null {
  const token = request.headers[SHARE_TOKEN_HEADER];
  return typeof token === 'string' && JWT.test(token) ? token : null;
}

/**
 * The guard's third strategy: `X-Share-Token`, a JWT for the share API's audience that names one
 * link. Its signature says it was issued; the link's cached state says whether it still opens
 * (revoked, expired, or a view limit lowered below this opening), judged on every request.
 */
@Injectable()
export class ShareLinkStrategy extends PassportStrategy(Strategy, 'share-link') {
  constructor(
    config: AppConfig,
    private readonly states: ShareLinkStates,
    private readonly clock: Clock,
  ) {
    super({
      jwtFromRequest: shareToken,
      secretOrKey: config.jwt.secret as unknown as string,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: SHARE_TOKEN_AUDIENCE,
      // Judged below by the app's clock, which tests move.
      ignoreExpiration: true,
    });
  }

  async validate(payload: unknown): Promise<ShareLinkPrincipal> {
    if (!isWellFormed(payload)) throw credentialRefused(ErrorCode.InvalidShareLink);
    const now = this.clock.now();
    const cached = this.states.get(payload.sub);
    const state = cached instanceof Promise ? await cached : cached;
    // Deleted with its album or image.
    if (!state) throw credentialRefused(ErrorCode.InvalidShareLink);
    // This opening was counted when the token was issued: it is within the limit unless the limit came down.
    const reason = endOf(state, now, payload.view - 1);
    if (reason) throw shareLinkEnded(reason);
    // After the link's state: a visitor whose link has ended is told so, not asked to open it again.
    if (payload.exp * 1000 <= now) throw credentialRefused(ErrorCode.TokenExpired);
    return {
      kind: 'share_link',
      linkId: payload.sub,
      shared: state.albumId ? { kind: 'album', albumId: state.albumId, albumOwnerId: state.targetOwnerId } : { kind: 'image', imageId: state.imageId as string },
      allowDownload: state.allowDownload,
      scopes: [],
    };
  }
}

export function shareLinkEnded(reason: NonNullable<ReturnType<typeof endOf>>): AppError {
  const detail = {
    expired: 'This link has expired.',
    revoked: 'This link has been revoked by its owner.',
    view_limit_reached: 'This link has been opened as many times as its owner allowed.',
  }[reason];
  return new AppError(ErrorCode.ShareLinkExpired, detail, { extensions: { reason } });
}

function isWellFormed(payload: unknown): payload is ShareTokenClaims & { exp: number } {
  if (typeof payload !== 'object' || payload === null) return false;
  const claims = payload as Record<string, unknown>;
  return (
    typeof claims['sub'] === 'string' &&
    UUID.test(claims['sub']) &&
    Number.isInteger(claims['view']) &&
    (claims['view'] as number) >= 1 &&
    Number.isFinite(claims['exp'])
  );
}
