import type { LoginResponse } from '@lightbox/auth-contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toUser } from '../users/user-view';
import type { ReauthTokens, SessionTokens } from './auth.service';
import { setRefreshCookie } from './refresh-cookie';

/** What a login answers (a refresh, a step-up and a join too): the refresh token goes in its cookie, not here. */
export function loginResponse(tokens: SessionTokens | ReauthTokens): LoginResponse {
  return {
    access_token: tokens.accessToken,
    token_type: 'Bearer',
    expires_in: tokens.expiresIn,
    user: toUser(tokens.user),
    ...(tokens.enrolmentRequired ? { mfa_enrolment_required: true as const } : {}),
  };
}

/** A session has begun: the refresh token goes in its cookie, the access token in the body. */
export function signedIn(tokens: SessionTokens, request: FastifyRequest, reply: FastifyReply, production: boolean): LoginResponse {
  setRefreshCookie(request, reply, tokens.refreshToken, tokens.refreshExpiresAt, production);
  return loginResponse(tokens);
}
