import {
  ChangePasswordRequest,
  ChangePasswordRequestSchema,
  ErrorCode,
  LoginRequest,
  LoginRequestSchema,
  LoginResponse,
  LoginResponseSchema,
  Me,
  MeSchema,
  MfaLoginRequest,
  MfaLoginRequestSchema,
  PasskeyLoginRequest,
  PasskeyLoginRequestSchema,
  ReauthRequest,
  ReauthRequestSchema,
  ReauthResponseSchema,
  REFRESH_COOKIE,
  RefreshRequest,
  RefreshRequestSchema,
  RefreshResponse,
  RefreshResponseSchema,
  SessionList,
  SessionListSchema,
} from '@lightbox/auth-contracts';
import { Controller, Delete, Get, Header, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import { ApiJsonResponse, ApiProblems } from '../openapi/api-responses';
import { AppConfig } from '../config/app-config';
import { AppError } from '../http/app-error';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { IdParam, ValidBody } from '../openapi/validated-input';
import { RelyingParties } from '../second-factors/relying-party';
import { AuthService } from './auth.service';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { Public, RequireRecentAuth, UsersOnly } from '../access/access-rule';
import { loginResponse, signedIn } from './login-response';
import { clearRefreshCookie, refreshCookieOf, SETS_REFRESH_COOKIE, setRefreshCookie } from './refresh-cookie';
import { SAME_ORIGIN, SameOriginGuard } from './same-origin.guard';


const CLEARS_REFRESH_COOKIE = {
  'Set-Cookie': { description: `Clears \`${REFRESH_COOKIE}\`.`, schema: { type: 'string' } },
} as const;


@Controller('auth')
export class AuthController {
  private readonly production: boolean;

  constructor(
    private readonly auth: AuthService,
    private readonly relyingParties: RelyingParties,
    config: AppConfig,
  ) {
    this.production = config.nodeEnv === 'production';
  }

  /** JSON only: a cross-site form can post urlencoded bodies without asking, never JSON. */
  @Public()
  @Post('login')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Log in',
    description: `A username and a password for an access token, and a refresh token in an httpOnly cookie. JSON only. ${SAME_ORIGIN} Failed attempts are throttled per username and per address. A person with a second factor gets 401 \`mfa_required\` with an \`mfa_token\` instead: complete the login with \`POST /auth/mfa\`.`,
  })
  @ApiJsonResponse(200, LoginResponseSchema, 'Logged in.', SETS_REFRESH_COOKIE)
  @ApiProblems(ErrorCode.InvalidCredentials, ErrorCode.MfaRequired, ErrorCode.CrossSiteRequest, ErrorCode.TooManyRequests)
  async login(
    @ValidBody(LoginRequestSchema) body: LoginRequest,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    if (!isJson(request)) throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the login as application/json.');
    return signedIn(await this.auth.login(body.username, body.password, context, this.relyingParties.of(request)), request, reply, this.production);
  }

  @Public()
  @Post('mfa')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Complete a login with a second factor',
    description: `The \`mfa_token\` of the login’s \`mfa_required\` answer and one second factor: a TOTP code, a recovery code, or a passkey’s answer to its \`webauthn_options\`. A wrong factor is 401 \`invalid_mfa\` (the token stays good for its 5 minutes); a spent or expired token 401 \`invalid_token\`. Throttled like passwords. ${SAME_ORIGIN}`,
  })
  @ApiJsonResponse(200, LoginResponseSchema, 'Logged in.', SETS_REFRESH_COOKIE)
  @ApiProblems(ErrorCode.InvalidMfa, ErrorCode.InvalidToken, ErrorCode.CrossSiteRequest, ErrorCode.TooManyRequests)
  async completeMfa(
    @ValidBody(MfaLoginRequestSchema) body: MfaLoginRequest,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    return signedIn(await this.auth.completeMfa(body, context, this.relyingParties.of(request)), request, reply, this.production);
  }

  @Public()
  @Post('passkeys/login')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Sign in with a passkey',
    description: `A discoverable passkey’s answer (with user verification) to options from \`POST /auth/passkeys/authentication-options\`: no username, no password. ${SAME_ORIGIN}`,
  })
  @ApiJsonResponse(200, LoginResponseSchema, 'Logged in.', SETS_REFRESH_COOKIE)
  @ApiProblems(ErrorCode.InvalidMfa, ErrorCode.CrossSiteRequest, ErrorCode.TooManyRequests)
  async loginWithPasskey(
    @ValidBody(PasskeyLoginRequestSchema) body: PasskeyLoginRequest,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    return signedIn(await this.auth.loginWithPasskey(body, context, this.relyingParties.of(request)), request, reply, this.production);
  }

  /** People only: an API key has no one to re-authenticate. */
  @Post('reauth')
  @UsersOnly()
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Confirm it is you (step-up)',
    description:
      'Your password, a TOTP code, a recovery code, or a passkey’s answer (options from `POST /auth/passkeys/authentication-options`, asked with your token), for a new access token whose `auth_time` is now: what routes answering 401 `step_up_required` ask for. A wrong password is 400 on `password`, a wrong factor 401 `invalid_mfa`.',
  })
  @ApiJsonResponse(200, ReauthResponseSchema, 'A fresh access token for this session.')
  @ApiProblems(ErrorCode.InvalidMfa, ErrorCode.TooManyRequests)
  async reauthenticate(
    @ValidBody(ReauthRequestSchema) body: ReauthRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
  ): Promise<LoginResponse> {
    return loginResponse(await this.auth.reauthenticate(principal, body, context, this.relyingParties.of(request)));
  }

  /** The cookie (the SPA) or the body (programs); the answer goes back the way the token came. */
  @Public()
  @Post('refresh')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Refresh the access token',
    description: `Trades the refresh token (the cookie, or \`refresh_token\` in the body) for new tokens; each refresh token works once, and using one twice ends the session. ${SAME_ORIGIN}`,
  })
  @ApiJsonResponse(200, RefreshResponseSchema, 'New tokens: the refresh token goes back the way it came (cookie or body).', SETS_REFRESH_COOKIE)
  @ApiProblems(ErrorCode.AuthenticationRequired, ErrorCode.InvalidToken, ErrorCode.RefreshTokenReused, ErrorCode.CrossSiteRequest)
  async refresh(
    @ValidBody(RefreshRequestSchema, { optional: true }) body: RefreshRequest | undefined,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RefreshResponse> {
    const fromBody = body?.refresh_token;
    const token = fromBody ?? refreshCookieOf(request);
    if (!token) throw new AppError(ErrorCode.AuthenticationRequired, 'There is no session to refresh. Log in.');
    try {
      const tokens = await this.auth.refresh(token, context);
      if (fromBody) return { ...loginResponse(tokens), refresh_token: tokens.refreshToken };
      setRefreshCookie(request, reply, tokens.refreshToken, tokens.refreshExpiresAt, this.production);
      return loginResponse(tokens);
    } catch (error) {
      if (!fromBody) clearRefreshCookie(request, reply, this.production);
      throw error;
    }
  }

  @Public()
  @Post('logout')
  @UseGuards(SameOriginGuard)
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out', description: `Ends the session of the refresh token (the cookie, or the body). ${SAME_ORIGIN}` })
  @ApiNoContentResponse({ description: 'The session is over and the cookie cleared (also when there was none).', headers: CLEARS_REFRESH_COOKIE })
  @ApiProblems(ErrorCode.CrossSiteRequest)
  async logout(
    @ValidBody(RefreshRequestSchema, { optional: true }) body: RefreshRequest | undefined,
    @CurrentPrincipal() principal: Principal | undefined,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(body?.refresh_token ?? refreshCookieOf(request), principal, context);
    clearRefreshCookie(request, reply, this.production);
  }

  @Get('me')
  @ApiOperation({ summary: 'Who am I', description: 'The caller: a user, or an API key, with the scopes in force.' })
  @ApiJsonResponse(200, MeSchema, 'The caller.')
  me(@CurrentPrincipal() principal: Principal): Promise<Me> {
    return this.auth.me(principal);
  }

  @Post('password')
  @RequireRecentAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Change your password', description: 'The current password, and a new one under the password rules.' })
  @ApiNoContentResponse({ description: 'Changed; every other session of the user has ended.' })
  changePassword(
    @ValidBody(ChangePasswordRequestSchema) body: ChangePasswordRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    return this.auth.changePassword(principal, body.current_password, body.new_password, context);
  }

  @Get('sessions')
  @UsersOnly()
  @ApiOperation({ summary: 'List your sessions', description: 'Your logins that can still be refreshed, newest first.' })
  @ApiJsonResponse(200, SessionListSchema, 'Your sessions.')
  async sessions(@CurrentPrincipal() principal: Principal): Promise<SessionList> {
    return { items: await this.auth.listSessions(principal) };
  }

  /** Log out everywhere: every session and access token of the caller, this one included. */
  @Delete('sessions')
  @UsersOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Log out everywhere', description: 'Ends every session of yours, this one included; access tokens already issued stop working too.' })
  @ApiNoContentResponse({ description: 'Logged out everywhere.' })
  revokeAllSessions(
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    return this.auth.revokeAllSessions(principal, context);
  }

  @Delete('sessions/:id')
  @UsersOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'End one of your sessions', description: 'Logs that browser or program out.' })
  @ApiNoContentResponse({ description: 'The session is over.' })
  revokeSession(
    @IdParam('The session’s id.') id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    return this.auth.revokeSession(principal, id, context);
  }
}

function isJson(request: FastifyRequest): boolean {
  return request.headers['content-type']?.split(';')[0].trim().toLowerCase() === 'application/json';
}
