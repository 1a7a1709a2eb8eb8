import { ErrorCode, OAuthErrorSchema, TokenRequestSchema, TokenResponse, TokenResponseSchema } from '@lightbox/auth-contracts';
import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError } from '../http/app-error';
import { ApiJsonResponse, ApiProblems } from '../openapi/api-responses';
import { openApiSchema } from '../openapi/openapi-schema';
import { OAuthError } from '../http/oauth-error';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { AuthService, SessionTokens } from './auth.service';
import { Public } from '../access/access-rule';

/** Codes that mean "these credentials or this grant are no good": RFC 6749's invalid_grant. */
const INVALID_GRANT: ReadonlySet<string> = new Set([
  ErrorCode.InvalidCredentials,
  ErrorCode.InvalidToken,
  ErrorCode.RefreshTokenReused,
]);

/**
 * RFC 6749 token endpoint (password and refresh_token grants), form-encoded, for Swagger UI's
 * password flow and OAuth-minded clients. Its errors are RFC 6749 bodies, not problem+json.
 */
@ApiTags('Auth')
@Controller('auth')
export class TokenController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiOperation({
    summary: 'Get tokens (OAuth 2)',
    description:
      'RFC 6749 token endpoint, form-encoded: the `password` grant (as Swagger UI’s Authorize uses) or the `refresh_token` grant. A person with a second factor gets 401 `mfa_required` (problem+json, with an `mfa_token` for `POST /auth/mfa`); other errors but 429 and 503 are RFC 6749 bodies.',
  })
  @ApiBody({ schema: openApiSchema(TokenRequestSchema, 'input') })
  @ApiJsonResponse(200, TokenResponseSchema, 'Tokens.')
  @ApiJsonResponse(400, OAuthErrorSchema, 'RFC 6749 §5.2: a bad request or grant (a wrong password, a used refresh token).')
  @ApiProblems(ErrorCode.MfaRequired, ErrorCode.TooManyRequests)
  async issue(
    @Body() body: Record<string, unknown> | undefined,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<TokenResponse> {
    const parsed = TokenRequestSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const grant = (body ?? {})['grant_type'];
      throw typeof grant === 'string' && grant !== 'password' && grant !== 'refresh_token'
        ? new OAuthError('unsupported_grant_type', 'Use grant_type=password or grant_type=refresh_token.')
        : new OAuthError('invalid_request', 'The request is missing a parameter or has a malformed one.');
    }
    const request = parsed.data;
    try {
      const tokens =
        request.grant_type === 'password'
          ? await this.auth.login(request.username, request.password, context)
          : await this.auth.refresh(request.refresh_token, context);
      return tokenResponse(tokens);
    } catch (error) {
      if (error instanceof AppError && INVALID_GRANT.has(error.code)) throw new OAuthError('invalid_grant', error.detail);
      throw error;
    }
  }
}

function tokenResponse(tokens: SessionTokens): TokenResponse {
  return {
    access_token: tokens.accessToken,
    token_type: 'Bearer',
    expires_in: tokens.expiresIn,
    refresh_token: tokens.refreshToken,
    scope: tokens.scope,
  };
}
