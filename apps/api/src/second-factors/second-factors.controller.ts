import {
  ConfirmTotpRequest,
  ConfirmTotpRequestSchema,
  ErrorCode,
  Passkey,
  PasskeyList,
  PasskeyListSchema,
  PasskeyOptions,
  PasskeyOptionsSchema,
  PasskeySchema,
  RecoveryCodes,
  RecoveryCodesSchema,
  RegisterPasskeyRequest,
  RegisterPasskeyRequestSchema,
  SecondFactors,
  SecondFactorsSchema,
  TotpEnrolment,
  TotpEnrolmentSchema,
  UpdatePasskeyRequest,
  UpdatePasskeyRequestSchema,
} from '@lightbox/auth-contracts';
import { Controller, Delete, Get, Header, HttpCode, Patch, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { apiKeyRefused } from '../access/access-errors';
import { Public, RequireRecentAuth, UsersOnly } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal, UserPrincipal } from '../access/principal';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { ApiJsonResponse, ApiProblems } from '../openapi/api-responses';
import { IdParam, ValidBody } from '../openapi/validated-input';
import { RelyingParties } from './relying-party';
import { SecondFactorsService } from './second-factors.service';

const PASSKEY_ID = 'The passkey’s id.';
const ENDS_OTHER_SESSIONS = 'Every other session of yours ends, and access tokens already issued stop working (refresh for a new one).';
const REMOVAL = `Refused (409) for the last factor of a role the policy requires one of. With no factor left, the recovery codes go too. ${ENDS_OTHER_SESSIONS}`;

/**
 * A person's own second factors. People only: an API key never adds, sees or removes a factor,
 * whatever its scopes; nobody manages another person's factors (the operator's CLI resets them).
 */
@ApiTags('Auth')
@Controller('auth')
@UsersOnly()
export class SecondFactorsController {
  constructor(
    private readonly factors: SecondFactorsService,
    private readonly relyingParties: RelyingParties,
  ) {}

  @Get('factors')
  @ApiOperation({ summary: 'Your second factors', description: 'What you have enrolled, what the policy asks of you, and how this session authenticated.' })
  @ApiJsonResponse(200, SecondFactorsSchema, 'Your second factors.')
  summary(@CurrentPrincipal() principal: UserPrincipal): Promise<SecondFactors> {
    return this.factors.summary(principal);
  }

  @Get('passkeys')
  @ApiOperation({ summary: 'List your passkeys' })
  @ApiJsonResponse(200, PasskeyListSchema, 'Your passkeys, oldest first.')
  async listPasskeys(@CurrentPrincipal() principal: UserPrincipal): Promise<PasskeyList> {
    return { items: await this.factors.listPasskeys(principal) };
  }

  @Post('passkeys/registration-options')
  @RequireRecentAuth()
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Begin adding a passkey',
    description: 'Options for `startRegistration` of `@simplewebauthn/browser`: a challenge for this session, good once for 5 minutes.',
  })
  @ApiJsonResponse(200, PasskeyOptionsSchema, 'WebAuthn creation options.')
  @ApiProblems(ErrorCode.Conflict)
  registrationOptions(@CurrentPrincipal() principal: UserPrincipal, @Req() request: FastifyRequest): Promise<PasskeyOptions> {
    return this.factors.registrationOptions(principal, this.relyingParties.of(request));
  }

  @Post('passkeys')
  @RequireRecentAuth()
  @ApiOperation({ summary: 'Add a passkey', description: `The browser’s answer to the registration options, and a name. ${ENDS_OTHER_SESSIONS}` })
  @ApiJsonResponse(201, PasskeySchema, 'The passkey.')
  @ApiProblems(ErrorCode.Conflict)
  registerPasskey(
    @ValidBody(RegisterPasskeyRequestSchema) body: RegisterPasskeyRequest,
    @CurrentPrincipal() principal: UserPrincipal,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
  ): Promise<Passkey> {
    return this.factors.registerPasskey(principal, this.relyingParties.of(request), body, context);
  }

  @Patch('passkeys/:id')
  @ApiOperation({ summary: 'Rename a passkey' })
  @ApiJsonResponse(200, PasskeySchema, 'The passkey as renamed.')
  renamePasskey(
    @IdParam(PASSKEY_ID) id: string,
    @ValidBody(UpdatePasskeyRequestSchema) body: UpdatePasskeyRequest,
    @CurrentPrincipal() principal: UserPrincipal,
  ): Promise<Passkey> {
    return this.factors.renamePasskey(principal, id, body.name);
  }

  @Delete('passkeys/:id')
  @RequireRecentAuth()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a passkey',
    description: REMOVAL,
  })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiProblems(ErrorCode.Conflict)
  removePasskey(
    @IdParam(PASSKEY_ID) id: string,
    @CurrentPrincipal() principal: UserPrincipal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    return this.factors.removePasskey(principal, id, context);
  }

  /** Public: a passkey sign-in begins before anyone is known. With a person's token, it is their step-up. */
  @Public()
  @Post('passkeys/authentication-options')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Begin a passkey sign-in or step-up',
    description:
      'Options for `startAuthentication` of `@simplewebauthn/browser`, good once for 5 minutes. Without credentials: a sign-in with any discoverable passkey (`POST /auth/passkeys/login`). With your token: a step-up with one of yours (`POST /auth/reauth`). API keys are refused.',
  })
  @ApiJsonResponse(200, PasskeyOptionsSchema, 'WebAuthn request options.')
  @ApiProblems(ErrorCode.Conflict, ErrorCode.InsufficientScope)
  authenticationOptions(@CurrentPrincipal() principal: Principal | undefined, @Req() request: FastifyRequest): Promise<PasskeyOptions> {
    if (principal?.kind === 'api_key') throw apiKeyRefused([]);
    return this.factors.authenticationOptions(principal, this.relyingParties.of(request));
  }

  @Post('totp')
  @RequireRecentAuth()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Begin enrolling an authenticator app',
    description: 'A new TOTP secret (RFC 6238: SHA-1, 6 digits, 30 s), shown this once as text and QR code. It is in force only once confirmed with a first code.',
  })
  @ApiJsonResponse(201, TotpEnrolmentSchema, 'The secret, waiting for its first code.')
  @ApiProblems(ErrorCode.Conflict)
  startTotp(@CurrentPrincipal() principal: UserPrincipal): Promise<TotpEnrolment> {
    return this.factors.startTotp(principal);
  }

  @Post('totp/confirm')
  @RequireRecentAuth()
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirm the authenticator app', description: `Its first code puts it in force; a wrong one is 400 on \`code\`. ${ENDS_OTHER_SESSIONS}` })
  @ApiNoContentResponse({ description: 'The authenticator app is in force.' })
  @ApiProblems(ErrorCode.Conflict)
  confirmTotp(
    @ValidBody(ConfirmTotpRequestSchema) body: ConfirmTotpRequest,
    @CurrentPrincipal() principal: UserPrincipal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    return this.factors.confirmTotp(principal, body.code, context);
  }

  @Delete('totp')
  @RequireRecentAuth()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove the authenticator app',
    description: REMOVAL,
  })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiProblems(ErrorCode.Conflict)
  removeTotp(@CurrentPrincipal() principal: UserPrincipal, @CurrentRequestContext() context: RequestContext): Promise<void> {
    return this.factors.removeTotp(principal, context);
  }

  @Post('recovery-codes')
  @RequireRecentAuth()
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'New recovery codes', description: 'Ten single-use codes, shown this once; the old ones stop working. Needs a passkey or an authenticator app (409).' })
  @ApiJsonResponse(201, RecoveryCodesSchema, 'The codes.')
  @ApiProblems(ErrorCode.Conflict)
  regenerateRecoveryCodes(@CurrentPrincipal() principal: UserPrincipal, @CurrentRequestContext() context: RequestContext): Promise<RecoveryCodes> {
    return this.factors.regenerateRecoveryCodes(principal, context);
  }
}
