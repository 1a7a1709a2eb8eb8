import {
  AcceptInvitationRequest,
  AcceptInvitationRequestSchema,
  CheckInvitationRequest,
  CheckInvitationRequestSchema,
  ErrorCode,
  InvitationPreview,
  InvitationPreviewSchema,
  LoginResponse,
  LoginResponseSchema,
  SignupOptions,
  SignupOptionsSchema,
  SignupRequest,
  SignupRequestSchema,
  SIGNUPS_PER_ADDRESS_PER_HOUR,
} from '@lightbox/auth-contracts';
import { Controller, Get, Header, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExtension, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../access/access-rule';
import { AppConfig } from '../config/app-config';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { ApiJsonResponse, ApiProblems } from '../openapi/api-responses';
import { ValidBody } from '../openapi/validated-input';
import { JoinService } from './join.service';
import { signedIn } from './login-response';
import { SETS_REFRESH_COOKIE } from './refresh-cookie';
import { SAME_ORIGIN, SameOriginGuard } from './same-origin.guard';

const INVITATION_REFUSALS = [ErrorCode.InvalidInvitation, ErrorCode.InvitationUsed, ErrorCode.InvitationExpired, ErrorCode.InvitationRevoked] as const;
const ONLY_WHEN_OPEN = 'Only while `SIGNUP=open`; otherwise there is nothing here (404).';

/**
 * The ways in for people who are not users yet. Public, and nothing a caller already holds changes
 * them: an API key or a person's token creates no account here beyond what anyone could.
 */
@Controller()
@Public()
export class JoinController {
  private readonly production: boolean;

  constructor(
    private readonly join: JoinService,
    config: AppConfig,
  ) {
    this.production = config.nodeEnv === 'production';
  }

  @Post('invitations/check')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Look at an invitation',
    description: 'What an invitation’s token would make of you (role, who invited you, until when), before you choose a username. Throttled per address like logins.',
  })
  @ApiJsonResponse(200, InvitationPreviewSchema, 'The invitation can be used.')
  @ApiProblems(...INVITATION_REFUSALS, ErrorCode.TooManyRequests)
  check(@ValidBody(CheckInvitationRequestSchema) body: CheckInvitationRequest, @CurrentRequestContext() context: RequestContext): Promise<InvitationPreview> {
    return this.join.checkInvitation(body.token, context);
  }

  @Post('invitations/accept')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Join with an invitation',
    description: `The invitation’s token, a username and a password under the password rules: the account is made with the invitation’s role, the invitation is spent (once: of two racing, one joins), and you are logged in as by \`POST /auth/login\`. 401 \`invalid_invitation\`; 410 \`invitation_used\`, \`invitation_expired\`, \`invitation_revoked\`; 409 when the username is taken. Throttled per address like logins. ${SAME_ORIGIN}`,
  })
  @ApiJsonResponse(200, LoginResponseSchema, 'Joined, and logged in.', SETS_REFRESH_COOKIE)
  @ApiProblems(...INVITATION_REFUSALS, ErrorCode.Conflict, ErrorCode.CrossSiteRequest, ErrorCode.TooManyRequests)
  async accept(
    @ValidBody(AcceptInvitationRequestSchema) body: AcceptInvitationRequest,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    return signedIn(await this.join.acceptInvitation(body, context), request, reply, this.production);
  }

  @Get('auth/signup')
  @Header('cache-control', 'no-store')
  @ApiExtension('x-lightbox-setting', 'SIGNUP=open')
  @ApiOperation({ summary: 'Whether sign-up is open', description: `The role a new account gets. ${ONLY_WHEN_OPEN}` })
  @ApiJsonResponse(200, SignupOptionsSchema, 'Sign-up is open.')
  @ApiProblems(ErrorCode.NotFound)
  options(): SignupOptions {
    return this.join.signupOptions();
  }

  @Post('auth/signup')
  @UseGuards(SameOriginGuard)
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiExtension('x-lightbox-setting', 'SIGNUP=open')
  @ApiOperation({
    summary: 'Sign up',
    description: `A username and a password under the password rules, for an account with the sign-up role (\`GET /auth/signup\`), logged in as by \`POST /auth/login\`. A taken username is 409: it cannot be hidden here, so attempts are throttled per address like logins, and at most ${SIGNUPS_PER_ADDRESS_PER_HOUR} accounts may be tried per address and hour. ${ONLY_WHEN_OPEN} ${SAME_ORIGIN}`,
  })
  @ApiJsonResponse(200, LoginResponseSchema, 'Signed up, and logged in.', SETS_REFRESH_COOKIE)
  @ApiProblems(ErrorCode.NotFound, ErrorCode.Conflict, ErrorCode.CrossSiteRequest, ErrorCode.TooManyRequests)
  async signup(
    @ValidBody(SignupRequestSchema) body: SignupRequest,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    return signedIn(await this.join.signup(body, context), request, reply, this.production);
  }
}
