import {
  Album,
  AlbumImagesQuery,
  AlbumImagesQuerySchema,
  AlbumImagesRequest,
  AlbumImagesRequestSchema,
  AlbumListQuery,
  AlbumListQuerySchema,
  AlbumOrderRequest,
  AlbumOrderRequestSchema,
  AlbumPageSchema,
  AlbumSchema,
  CreateAlbumRequest,
  CreateAlbumRequestSchema,
  ErrorCode,
  ImagePageSchema,
  UpdateAlbumRequest,
  UpdateAlbumRequestSchema,
} from '@lightbox/auth-contracts';
import { Controller, Delete, Get, HttpCode, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OpenToShareLinks, Public, RequireScopes } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Caller, Principal } from '../access/principal';
import { cacheControlFor, sendJson } from '../http/conditional-get';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { ApiConditionalJson, ApiJsonResponse, ApiProblems } from '../openapi/api-responses';
import { IdParam, ValidBody, ValidQuery } from '../openapi/validated-input';
import { AlbumsService } from './albums.service';

const ALBUM_ID = 'The album’s id.';
const YOURS = 'Your own albums, or anyone’s with `users:manage`.';

/**
 * `/api/v1/albums`: read as images are (public, private for `images:read`, and a share link's
 * own album), changed with `images:write` by their owners. API keys may do both: an album holds
 * no credential.
 */
@Controller('albums')
export class AlbumsController {
  constructor(private readonly albums: AlbumsService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'List albums', description: 'Newest first. Visitors see public albums; `images:read` every album; others public albums and their own.' })
  @ApiConditionalJson(AlbumPageSchema, 'One page of albums.')
  async list(
    @ValidQuery(AlbumListQuerySchema) query: AlbumListQuery,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendJson(request, reply, await this.albums.page(principal, query), cacheControlFor(principal));
  }

  @Post()
  @RequireScopes('images:write')
  @ApiOperation({ summary: 'Create an album', description: 'An empty album, private and arranged by hand unless said.' })
  @ApiJsonResponse(201, AlbumSchema, 'The album.')
  create(
    @ValidBody(CreateAlbumRequestSchema) body: CreateAlbumRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<Album> {
    return this.albums.create(principal, body, context);
  }

  @Get(':id')
  @Public()
  @OpenToShareLinks()
  @ApiOperation({ summary: 'Get an album', description: 'A private album is 404 to those who may not see it; a share token sees its own album.' })
  @ApiConditionalJson(AlbumSchema, 'The album.')
  async get(
    @IdParam(ALBUM_ID) id: string,
    @CurrentPrincipal() principal: Caller | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendJson(request, reply, await this.albums.get(principal, id), cacheControlFor(principal));
  }

  @Patch(':id')
  @RequireScopes('images:write')
  @ApiOperation({ summary: 'Change an album', description: `Its title, description, visibility, order or cover. ${YOURS}` })
  @ApiJsonResponse(200, AlbumSchema, 'The album as changed.')
  @ApiProblems(ErrorCode.NotOwner)
  update(@IdParam(ALBUM_ID) id: string, @ValidBody(UpdateAlbumRequestSchema) body: UpdateAlbumRequest, @CurrentPrincipal() principal: Principal): Promise<Album> {
    return this.albums.update(principal, id, body);
  }

  @Delete(':id')
  @RequireScopes('images:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an album', description: `Its images stay; its share links stop opening. ${YOURS}` })
  @ApiNoContentResponse({ description: 'The album is gone.' })
  @ApiProblems(ErrorCode.NotOwner)
  delete(@IdParam(ALBUM_ID) id: string, @CurrentPrincipal() principal: Principal, @CurrentRequestContext() context: RequestContext): Promise<void> {
    return this.albums.delete(principal, id, context);
  }

  @Get(':id/images')
  @Public()
  @OpenToShareLinks()
  @ApiOperation({
    summary: 'List an album’s images',
    description: 'In the album’s order, a page at a time: the images of it you may see (visitors: public ones; a share token: the public ones and its owner’s).',
  })
  @ApiConditionalJson(ImagePageSchema, 'One page of the album’s images.')
  async images(
    @IdParam(ALBUM_ID) id: string,
    @ValidQuery(AlbumImagesQuerySchema) query: AlbumImagesQuery,
    @CurrentPrincipal() principal: Caller | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendJson(request, reply, await this.albums.images(principal, id, query), cacheControlFor(principal));
  }

  @Put(':id/images')
  @RequireScopes('images:write')
  @ApiOperation({ summary: 'Add images to an album', description: `Images you may see, at the end in the order given; those already in it stay where they are. ${YOURS}` })
  @ApiJsonResponse(200, AlbumSchema, 'The album as changed.')
  @ApiProblems(ErrorCode.NotOwner)
  add(@IdParam(ALBUM_ID) id: string, @ValidBody(AlbumImagesRequestSchema) body: AlbumImagesRequest, @CurrentPrincipal() principal: Principal): Promise<Album> {
    return this.albums.add(principal, id, body.image_ids);
  }

  @Delete(':id/images')
  @RequireScopes('images:write')
  @ApiOperation({ summary: 'Remove images from an album', description: `The images themselves stay; ids not in the album are ignored. ${YOURS}` })
  @ApiJsonResponse(200, AlbumSchema, 'The album as changed.')
  @ApiProblems(ErrorCode.NotOwner)
  remove(@IdParam(ALBUM_ID) id: string, @ValidBody(AlbumImagesRequestSchema) body: AlbumImagesRequest, @CurrentPrincipal() principal: Principal): Promise<Album> {
    return this.albums.remove(principal, id, body.image_ids);
  }

  @Put(':id/order')
  @RequireScopes('images:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Arrange an album', description: `A new manual order: the listed images first, the others after them as they were. ${YOURS}` })
  @ApiNoContentResponse({ description: 'Arranged.' })
  @ApiProblems(ErrorCode.NotOwner)
  reorder(@IdParam(ALBUM_ID) id: string, @ValidBody(AlbumOrderRequestSchema) body: AlbumOrderRequest, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.albums.reorder(principal, id, body.image_ids);
  }
}
