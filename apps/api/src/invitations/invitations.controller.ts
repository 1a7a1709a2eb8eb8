import {
  CreatedInvitation,
  CreatedInvitationSchema,
  CreateInvitationRequest,
  CreateInvitationRequestSchema,
  ErrorCode,
  InvitationListQuery,
  InvitationListQuerySchema,
  InvitationPage,
  InvitationPageSchema,
} from '@lightbox/auth-contracts';
import { Controller, Delete, Get, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequireRecentAuth, RequireScopes, UsersOnly } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { ApiJsonResponse, ApiProblems } from '../openapi/api-responses';
import { IdParam, ValidBody, ValidQuery } from '../openapi/validated-input';
import { InvitationsService } from './invitations.service';

/**
 * Invitations, made and managed by people who manage users: an API key never brings a person in,
 * whatever its scopes. The invited join with `POST /invitations/accept`.
 */
@Controller('invitations')
@RequireScopes('users:manage')
@UsersOnly()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @RequireRecentAuth()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Invite someone',
    description:
      'A one-time link for one person to make an account with the role given: any but `owner`, none above yours. It lasts 7 days unless `expires_in` says otherwise. The answer holds the token and link, shown this once: `Cache-Control: no-store`.',
  })
  @ApiJsonResponse(201, CreatedInvitationSchema, 'The invitation, with its token and link.')
  create(
    @ValidBody(CreateInvitationRequestSchema) body: CreateInvitationRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
  ): Promise<CreatedInvitation> {
    // The origin the person is using (behind a proxy, as TRUST_PROXY lets us see it): the link works where they are.
    return this.invitations.create(principal, body, `${request.protocol}://${request.host}`, context);
  }

  @Get()
  @ApiOperation({ summary: 'List invitations', description: 'Pending, used, expired and revoked, newest first; never a token.' })
  @ApiJsonResponse(200, InvitationPageSchema, 'One page of invitations.')
  list(@ValidQuery(InvitationListQuerySchema) query: InvitationListQuery): Promise<InvitationPage> {
    return this.invitations.page(query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an invitation', description: 'It no longer lets anyone join; it stays listed. A used invitation is 409: deactivate the person instead.' })
  @ApiNoContentResponse({ description: 'Revoked (or it already was).' })
  @ApiProblems(ErrorCode.Conflict)
  revoke(@IdParam('The invitation’s id.') id: string, @CurrentPrincipal() principal: Principal, @CurrentRequestContext() context: RequestContext): Promise<void> {
    return this.invitations.revoke(principal, id, context);
  }
}
