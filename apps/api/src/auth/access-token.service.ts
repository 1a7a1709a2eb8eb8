import { type AuthMethod, ROLE_SCOPES } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import type { UserRow } from '../database/schema';

/** The claims Lightbox puts in an access token, beyond iss/aud/exp which jsonwebtoken adds. */
export interface AccessTokenClaims {
  iat: number;
  sub: string;
  jti: string;
  scope: string;
  /** The user's token_version at issue: a bump (password change, deactivation) kills the token. */
  tv: number;
  /** The refresh session this token belongs to. */
  sid: string;
  /** RFC 9470: when the person last authenticated in this session (seconds), and how (RFC 8176). */
  auth_time: number;
  amr: AuthMethod[];
  /** The policy requires a second factor the person has not enrolled: the token holds no scopes. */
  mfa_enrol?: true;
}

/** How the session's person last proved who they are, and whether they must enrol a factor. */
export interface SessionAuthentication {
  at: Date;
  amr: readonly AuthMethod[];
  enrolmentRequired: boolean;
}

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
  scope: string;
}

@Injectable()
export class AccessTokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async issue(user: Pick<UserRow, 'id' | 'role' | 'tokenVersion'>, sessionId: string, authentication: SessionAuthentication): Promise<IssuedAccessToken> {
    const scope = authentication.enrolmentRequired ? '' : ROLE_SCOPES[user.role].join(' ');
    const claims: AccessTokenClaims = {
      // The app's clock, which `exp` is counted from and the guard judges it by.
      iat: Math.floor(this.clock.now() / 1000),
      sub: user.id,
      jti: randomUUID(),
      scope,
      tv: user.tokenVersion,
      sid: sessionId,
      auth_time: Math.floor(authentication.at.getTime() / 1000),
      amr: [...authentication.amr],
      ...(authentication.enrolmentRequired ? { mfa_enrol: true as const } : {}),
    };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, expiresIn: this.config.jwt.accessTtlSeconds, scope };
  }
}
