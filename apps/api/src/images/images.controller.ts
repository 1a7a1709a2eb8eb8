import {
  Image,
  ImageListQuerySchema,
  ImagePage,
  ImagePageSchema,
  ImageSchema,
  TagCount,
  TagCountListSchema,
  UpdateImageRequestSchema,
} from '@lightbox/auth-contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { Public, RequireScopes } from '../auth/access-rule';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { ImageFiles, ImageVariant } from './image-files';
import { ImageContent, ImagesService } from './images.service';
import { readUpload } from './multipart-upload';

class ImageListQueryDto extends createZodDto(ImageListQuerySchema) {}
class UpdateImageRequestDto extends createZodDto(UpdateImageRequestSchema) {}
export class ImageDto extends createZodDto(ImageSchema) {}
export class ImagePageDto extends createZodDto(ImagePageSchema) {}
export class TagCountListDto extends createZodDto(TagCountListSchema) {}

/**
 * Public images may sit in shared caches for a few minutes; after that, and always for private
 * ones, the browser asks again with If-None-Match and gets a 304 when nothing changed.
 */
const PUBLIC_CACHE_CONTROL = 'public, max-age=300';
const PRIVATE_CACHE_CONTROL = 'private, no-cache';

@Controller('images')
export class ImagesController {
  constructor(
    private readonly images: ImagesService,
    private readonly files: ImageFiles,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  list(@Query() query: ImageListQueryDto, @CurrentPrincipal() principal: Principal | undefined): Promise<ImagePage> {
    return this.images.page(principal, query);
  }

  @Post()
  @RequireScopes('images:write')
  async upload(
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<Image> {
    const { upload, fields } = await readUpload(request, this.files, this.config.maxUploadBytes);
    return this.images.upload(principal, upload, fields, context);
  }

  @Get(':id')
  @Public()
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal | undefined): Promise<Image> {
    return this.images.get(principal, id);
  }

  @Patch(':id')
  @RequireScopes('images:write')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateImageRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Image> {
    return this.images.update(principal, id, body);
  }

  @Delete(':id')
  @RequireScopes('images:write')
  @HttpCode(204)
  delete(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    return this.images.delete(principal, id, context);
  }

  @Get(':id/file')
  @Public()
  file(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.send(id, 'file', principal, request, reply);
  }

  @Get(':id/thumbnail')
  @Public()
  thumbnail(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.send(id, 'thumbnail', principal, request, reply);
  }

  private async send(id: string, variant: ImageVariant, principal: Principal | undefined, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const content = await this.images.content(principal, id, variant);
    reply.header('etag', content.etag).header('cache-control', content.isPublic ? PUBLIC_CACHE_CONTROL : PRIVATE_CACHE_CONTROL);
    if (matchesEtag(request.headers['if-none-match'], content)) {
      await reply.code(304).send();
      return;
    }
    const file = await content.open();
    if (!file) throw new Error(`The ${variant} of image ${id} is missing from disk`);
    await reply.type(content.contentType).header('content-length', file.size).send(file.stream);
  }
}

@Controller('tags')
export class TagsController {
  constructor(private readonly images: ImagesService) {}

  @Get()
  @Public()
  list(@CurrentPrincipal() principal: Principal | undefined): Promise<TagCount[]> {
    return this.images.tags(principal);
  }
}

/** RFC 9110 §13.1.2: weak comparison, a list of tags, or `*`. */
function matchesEtag(ifNoneMatch: string | undefined, content: ImageContent): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === content.etag);
}
