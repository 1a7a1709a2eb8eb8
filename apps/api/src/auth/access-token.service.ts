import { ROLE_SCOPES } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import type { UserRow } from '../database/schema';

/** The claims Lightbox puts in an access token, beyond iss/aud/iat/exp which jsonwebtoken adds. */
export interface AccessTokenClaims {
  sub: string;
  jti: string;
  scope: string;
  /** The user's token_version at issue: a bump (password change, deactivation) kills the token. */
  tv: number;
  /** The refresh session this token belongs to. */
  sid: string;
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
  ) {}

  async issue(user: Pick<UserRow, 'id' | 'role' | 'tokenVersion'>, sessionId: string): Promise<IssuedAccessToken> {
    const scope = ROLE_SCOPES[user.role].join(' ');
    const claims: AccessTokenClaims = { sub: user.id, jti: randomUUID(), scope, tv: user.tokenVersion, sid: sessionId };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, expiresIn: this.config.jwt.accessTtlSeconds, scope };
  }
}
