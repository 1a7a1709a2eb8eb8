import {
  Image,
  ImageListQuerySchema,
  ImagePage,
  ImagePageSchema,
  ImageSchema,
  TagCount,
  TagCountListSchema,
  UpdateImageRequestSchema,
  UploadImageFieldsSchema,
} from '@lightbox/auth-contracts';
import { applyDecorators, Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createZodDto } from 'nestjs-zod';
import { Public, RequireScopes } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { AppConfig } from '../config/app-config';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { jsonSchemaOf } from '../openapi/openapi-document';
import { ImageFiles, ImageVariant } from './image-files';
import { ImageContent, ImagesService } from './images.service';
import { readUpload, UPLOAD_FILE_FIELD } from './multipart-upload';

class ImageListQueryDto extends createZodDto(ImageListQuerySchema) {}
class UpdateImageRequestDto extends createZodDto(UpdateImageRequestSchema) {}
class ImageDto extends createZodDto(ImageSchema) {}
class ImagePageDto extends createZodDto(ImagePageSchema) {}
class TagCountListDto extends createZodDto(TagCountListSchema) {}

const UPLOAD_FORM_SCHEMA = (() => {
  const fields = jsonSchemaOf(UploadImageFieldsSchema, 'input') as { properties: Record<string, unknown> };
  return {
    type: 'object',
    required: [UPLOAD_FILE_FIELD],
    properties: { [UPLOAD_FILE_FIELD]: { type: 'string', format: 'binary', description: 'JPEG, PNG, WebP, GIF or AVIF.' }, ...fields.properties },
  };
})();

/** A public route that serves bytes with an ETag, and 304 to a client whose copy is current. */
const ServesImageBytes = (description: string) =>
  applyDecorators(
    Public(),
    ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a copy you have.' }),
    ApiOkResponse({
      description,
      content: { 'image/*': { schema: { type: 'string', format: 'binary' } } },
      headers: { ETag: { schema: { type: 'string' } }, 'Cache-Control': { schema: { type: 'string' } } },
    }),
    ApiResponse({ status: 304, description: 'Not Modified: your copy is current.' }),
  );

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
  @ApiOkResponse({ type: ImagePageDto.Output, description: 'Newest first; private images only for `images:read`.' })
  list(@Query() query: ImageListQueryDto, @CurrentPrincipal() principal: Principal | undefined): Promise<ImagePage> {
    return this.images.page(principal, query);
  }

  @Post()
  @RequireScopes('images:write')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_FORM_SCHEMA })
  @ApiCreatedResponse({ type: ImageDto.Output })
  @ApiProblems(413, 415)
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
  @ApiOkResponse({ type: ImageDto.Output })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal | undefined): Promise<Image> {
    return this.images.get(principal, id);
  }

  @Patch(':id')
  @RequireScopes('images:write')
  @ApiOkResponse({ type: ImageDto.Output })
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
  @ApiNoContentResponse({ description: 'The image, its file and its thumbnail are gone.' })
  delete(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    return this.images.delete(principal, id, context);
  }

  @Get(':id/file')
  @ServesImageBytes('The bytes, with an ETag; send it back in If-None-Match to get 304.')
  file(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.send(id, 'file', principal, request, reply);
  }

  @Get(':id/thumbnail')
  @ServesImageBytes('A WebP of at most 480 × 480 pixels, without metadata.')
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
    await reply.type(content.contentType).header('content-length', file.size).send(file.stream);
  }
}

@Controller('tags')
export class TagsController {
  constructor(private readonly images: ImagesService) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: TagCountListDto.Output, description: 'Most used first; tags of private images only for `images:read`.' })
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
