import {
  CreatedShareLink,
  CreatedShareLinkSchema,
  CreateShareLinkRequest,
  CreateShareLinkRequestSchema,
  ErrorCode,
  ShareAccessListQuery,
  ShareAccessListQuerySchema,
  ShareAccessPage,
  ShareAccessPageSchema,
  ShareLink,
  ShareLinkListQuery,
  ShareLinkListQuerySchema,
  ShareLinkPage,
  ShareLinkPageSchema,
  ShareLinkSchema,
  UpdateShareLinkRequest,
  UpdateShareLinkRequestSchema,
} from '@lightbox/auth-contracts';
import { Controller, Delete, Get, Header, HttpCode, Patch, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { RequireScopes, UsersOnly } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { ApiJsonResponse, ApiProblems } from '../openapi/api-responses';
import { IdParam, ValidBody, ValidQuery } from '../openapi/validated-input';
import { ShareLinksService, ShareTarget } from './share-links.service';

const LINK_ID = 'The share link’s id.';
const NOT_STORED = 'The answer holds the token and URL, shown this once: `Cache-Control: no-store`.';

/**
 * Share links, for people only: a link is a credential, and an API key never makes or manages
 * credentials, whatever its scopes. Visitors open links with `POST /share-links/access`.
 */
@Controller()
@UsersOnly()
export class ShareLinksController {
  constructor(private readonly links: ShareLinksService) {}

  @Post('albums/:id/share-links')
  @RequireScopes('images:write')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Share an album',
    description: `A link that opens the album to whoever holds it: its public images and its owner’s private ones. Your own albums, or anyone’s with \`users:manage\`. ${NOT_STORED}`,
  })
  @ApiJsonResponse(201, CreatedShareLinkSchema, 'The link, with its token and URL.')
  @ApiProblems(ErrorCode.NotOwner)
  shareAlbum(
    @IdParam('The album’s id.') id: string,
    @ValidBody(CreateShareLinkRequestSchema, { optional: true }) body: CreateShareLinkRequest | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
  ): Promise<CreatedShareLink> {
    return this.create({ kind: 'album', id }, body, principal, context, request);
  }

  @Post('images/:id/share-links')
  @RequireScopes('images:write')
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Share an image',
    description: `A link that opens one image, private or public, to whoever holds it. Your own images, or anyone’s with \`users:manage\`. ${NOT_STORED}`,
  })
  @ApiJsonResponse(201, CreatedShareLinkSchema, 'The link, with its token and URL.')
  @ApiProblems(ErrorCode.NotOwner)
  shareImage(
    @IdParam('The image’s id.') id: string,
    @ValidBody(CreateShareLinkRequestSchema, { optional: true }) body: CreateShareLinkRequest | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
  ): Promise<CreatedShareLink> {
    return this.create({ kind: 'image', id }, body, principal, context, request);
  }

  @Get('share-links')
  @ApiOperation({ summary: 'List share links', description: 'Links you made or that open your albums and images, newest first; everyone’s with `users:manage`.' })
  @ApiJsonResponse(200, ShareLinkPageSchema, 'One page of links.')
  list(@ValidQuery(ShareLinkListQuerySchema) query: ShareLinkListQuery, @CurrentPrincipal() principal: Principal): Promise<ShareLinkPage> {
    return this.links.page(principal, query);
  }

  @Get('share-links/:id')
  @ApiOperation({ summary: 'Get a share link', description: 'Its options, views and status; never its token.' })
  @ApiJsonResponse(200, ShareLinkSchema, 'The link.')
  get(@IdParam(LINK_ID) id: string, @CurrentPrincipal() principal: Principal): Promise<ShareLink> {
    return this.links.get(principal, id);
  }

  @Patch('share-links/:id')
  @ApiOperation({
    summary: 'Change a share link',
    description: 'Its label, expiry, password, downloads or view limit: in force at once, on every instance, for visitors who have it open too. A revoked link is 409.',
  })
  @ApiJsonResponse(200, ShareLinkSchema, 'The link as changed.')
  @ApiProblems(ErrorCode.Conflict)
  update(
    @IdParam(LINK_ID) id: string,
    @ValidBody(UpdateShareLinkRequestSchema) body: UpdateShareLinkRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<ShareLink> {
    return this.links.update(principal, id, body, context);
  }

  @Delete('share-links/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a share link', description: 'It stops opening at once, on every instance, for visitors who have it open too; it stays listed, with its accesses.' })
  @ApiNoContentResponse({ description: 'Revoked (or it already was).' })
  revoke(@IdParam(LINK_ID) id: string, @CurrentPrincipal() principal: Principal, @CurrentRequestContext() context: RequestContext): Promise<void> {
    return this.links.revoke(principal, id, context);
  }

  @Get('share-links/:id/accesses')
  @ApiOperation({ summary: 'List a share link’s accesses', description: 'When it was opened and what was looked at, from which address and browser; newest first.' })
  @ApiJsonResponse(200, ShareAccessPageSchema, 'One page of accesses.')
  accesses(
    @IdParam(LINK_ID) id: string,
    @ValidQuery(ShareAccessListQuerySchema) query: ShareAccessListQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ShareAccessPage> {
    return this.links.accesses(principal, id, query);
  }

  private create(target: ShareTarget, body: CreateShareLinkRequest | undefined, principal: Principal, context: RequestContext, request: FastifyRequest): Promise<CreatedShareLink> {
    // The origin the person is using (behind a proxy, as TRUST_PROXY lets us see it): the link works where they are.
    return this.links.create(principal, target, body ?? {}, `${request.protocol}://${request.host}`, context);
  }
}
