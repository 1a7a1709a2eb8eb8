import {
  ChangePasswordRequestSchema,
  ErrorCode,
  LoginRequestSchema,
  LoginResponse,
  LoginResponseSchema,
  Me,
  MeSchema,
  RefreshRequestSchema,
  RefreshResponse,
  RefreshResponseSchema,
  SessionList,
  SessionListSchema,
} from '@lightbox/auth-contracts';
import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBody, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { jsonSchemaOf } from '../openapi/openapi-document';
import { AppConfig } from '../config/app-config';
import { AppError } from '../http/app-error';
import { OptionalBody } from '../http/optional-body';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { toUser } from '../users/user-view';
import { AuthService, SessionTokens } from './auth.service';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { Public, UsersOnly } from '../access/access-rule';
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from './refresh-cookie';
import { SameOriginGuard } from './same-origin.guard';

class LoginRequestDto extends createZodDto(LoginRequestSchema) {}
class RefreshRequestDto extends createZodDto(RefreshRequestSchema) {}
class ChangePasswordRequestDto extends createZodDto(ChangePasswordRequestSchema) {}
class LoginResponseDto extends createZodDto(LoginResponseSchema) {}
class RefreshResponseDto extends createZodDto(RefreshResponseSchema) {}
class SessionListDto extends createZodDto(SessionListSchema) {}

@Controller('auth')
export class AuthController {
  private readonly production: boolean;

  constructor(
    private readonly auth: AuthService,
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
  @ApiOkResponse({ type: LoginResponseDto.Output, description: 'Also sets the refresh cookie.' })
  @ApiProblems(401, 403, 415, 429)
  async login(
    @Body() body: LoginRequestDto,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    if (!isJson(request)) throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the login as application/json.');
    const tokens = await this.auth.login(body.username, body.password, context);
    setRefreshCookie(request, reply, tokens.refreshToken, tokens.refreshExpiresAt, this.production);
    return loginResponse(tokens);
  }

  /** The cookie (the SPA) or the body (programs); the answer goes back the way the token came. */
  @Public()
  @Post('refresh')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiBody({ type: RefreshRequestDto, required: false, description: 'Programs send the refresh token here; the SPA sends none and uses the cookie.' })
  @ApiOkResponse({ type: RefreshResponseDto.Output, description: '`refresh_token` is present when the token came in the body.' })
  @ApiProblems(401, 403, 429)
  async refresh(
    @OptionalBody(RefreshRequestDto) body: RefreshRequestDto | undefined,
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
  @ApiBody({ type: RefreshRequestDto, required: false })
  @ApiNoContentResponse({ description: 'The session is over and the cookie cleared (also when there was none).' })
  @ApiProblems(403)
  async logout(
    @OptionalBody(RefreshRequestDto) body: RefreshRequestDto | undefined,
    @CurrentPrincipal() principal: Principal | undefined,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(body?.refresh_token ?? refreshCookieOf(request), principal, context);
    clearRefreshCookie(request, reply, this.production);
  }

  @Get('me')
  @ApiOkResponse({ schema: jsonSchemaOf(MeSchema), description: 'The caller: a user, or an API key.' })
  me(@CurrentPrincipal() principal: Principal): Promise<Me> {
    return this.auth.me(principal);
  }

  @Post('password')
  @UsersOnly()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Changed; every other session of the user has ended.' })
  changePassword(
    @Body() body: ChangePasswordRequestDto,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    return this.auth.changePassword(principal, body.current_password, body.new_password, context);
  }

  @Get('sessions')
  @UsersOnly()
  @ApiOkResponse({ type: SessionListDto.Output })
  async sessions(@CurrentPrincipal() principal: Principal): Promise<SessionList> {
    return { items: await this.auth.listSessions(principal) };
  }

  /** Log out everywhere: every session and access token of the caller, this one included. */
  @Delete('sessions')
  @UsersOnly()
  @HttpCode(204)
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
  @ApiNoContentResponse()
  revokeSession(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    return this.auth.revokeSession(principal, id, context);
  }
}

function isJson(request: FastifyRequest): boolean {
  return request.headers['content-type']?.split(';')[0].trim().toLowerCase() === 'application/json';
}

function loginResponse(tokens: SessionTokens): LoginResponse {
  return { access_token: tokens.accessToken, token_type: 'Bearer', expires_in: tokens.expiresIn, user: toUser(tokens.user) };
}
