import {
  ErrorCode,
  IMAGE_CONTENT_TYPES,
  Image,
  ImageListQuery,
  ImageListQuerySchema,
  ImagePageSchema,
  ImageSchema,
  TagCountListSchema,
  UpdateImageRequest,
  UpdateImageRequestSchema,
  UploadImageFieldsSchema,
} from '@lightbox/auth-contracts';
import { applyDecorators, Controller, Delete, Get, HttpCode, Patch, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OpenToShareLinks, Public, RequireScopes } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Caller, Principal } from '../access/principal';
import { AppConfig } from '../config/app-config';
import { cacheControlFor, matchesEtag, PRIVATE_REVALIDATED, sendJson } from '../http/conditional-get';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { IdParam, ValidBody, ValidQuery } from '../openapi/validated-input';
import { ApiConditionalJson, ApiJsonResponse, ApiProblems, ApiRevalidation } from '../openapi/api-responses';
import { openApiSchema } from '../openapi/openapi-schema';
import { ImageFiles, ImageVariant } from './image-files';
import { ImagesService } from './images.service';
import { readUpload, UPLOAD_FILE_FIELD } from './multipart-upload';

/** The form is read by hand (the file streams to disk), so its schema is written from the fields' one. */
const UPLOAD_FORM_SCHEMA: SchemaObject = (() => {
  const fields = openApiSchema(UploadImageFieldsSchema, 'input');
  return {
    type: 'object',
    required: [UPLOAD_FILE_FIELD],
    properties: {
      [UPLOAD_FILE_FIELD]: { type: 'string', format: 'binary', description: 'The image: JPEG, PNG, WebP, GIF or AVIF.' },
      ...fields.properties,
    },
  };
})();

const IMAGE_ID = 'The image’s id.';

const BYTES = { schema: { type: 'string', format: 'binary' } } as const;

/** A public route that serves bytes with an ETag, and 304 to a client whose copy is current; share links may read it. */
const ServesImageBytes = (summary: string, description: string, mediaTypes: readonly string[]) =>
  applyDecorators(
    Public(),
    OpenToShareLinks(),
    ApiOperation({ summary, description }),
    ApiRevalidation(),
    ApiResponse({
      status: 200,
      description: 'The bytes.',
      content: Object.fromEntries(mediaTypes.map((type) => [type, BYTES])),
      headers: {
        ETag: { description: 'Names this version of the bytes.', schema: { type: 'string' } },
        'Cache-Control': { description: 'Public images may be kept for 5 minutes; private ones are checked each time.', schema: { type: 'string' } },
      },
    }),
  );

/**
 * Public images may sit in shared caches for a few minutes; after that, and always for private
 * ones, the browser asks again with If-None-Match and gets a 304 when nothing changed.
 */
const PUBLIC_CACHE_CONTROL = 'public, max-age=300';

@Controller('images')
export class ImagesController {
  constructor(
    private readonly images: ImagesService,
    private readonly files: ImageFiles,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'List images', description: 'Newest first, a page at a time. Private images are listed only for `images:read`.' })
  @ApiConditionalJson(ImagePageSchema, 'One page of images.')
  async list(
    @ValidQuery(ImageListQuerySchema) query: ImageListQuery,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendJson(request, reply, await this.images.page(principal, query), cacheControlFor(principal));
  }

  @Post()
  @RequireScopes('images:write')
  @ApiConsumes('multipart/form-data')
  @ApiOperation({
    summary: 'Upload an image',
    description:
      'A multipart form: the file, and optionally its title, tags and visibility (private unless said). What the camera recorded (EXIF) is read from the file; where it was taken stays hidden until `location_shown` is set.',
  })
  @ApiBody({ schema: UPLOAD_FORM_SCHEMA })
  @ApiJsonResponse(201, ImageSchema, 'The image as stored.')
  @ApiProblems(ErrorCode.PayloadTooLarge, ErrorCode.UnsupportedMediaType)
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
  @OpenToShareLinks()
  @ApiOperation({ summary: 'Get an image’s details', description: 'A private image is 404 to those who may not see it; a share token sees the images of its link.' })
  @ApiConditionalJson(ImageSchema, 'The image.')
  async get(
    @IdParam(IMAGE_ID) id: string,
    @CurrentPrincipal() principal: Caller | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendJson(request, reply, await this.images.get(principal, id), cacheControlFor(principal));
  }

  @Patch(':id')
  @RequireScopes('images:write')
  @ApiOperation({ summary: 'Change an image', description: 'Its title, tags, visibility, or whether where it was taken is shown. Your own images, or anyone’s with `users:manage`.' })
  @ApiJsonResponse(200, ImageSchema, 'The image as changed.')
  @ApiProblems(ErrorCode.NotOwner)
  update(
    @IdParam(IMAGE_ID) id: string,
    @ValidBody(UpdateImageRequestSchema) body: UpdateImageRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Image> {
    return this.images.update(principal, id, body);
  }

  @Delete(':id')
  @RequireScopes('images:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an image', description: 'Your own images, or anyone’s with `users:manage`.' })
  @ApiNoContentResponse({ description: 'The image, its file and its thumbnail are gone.' })
  @ApiProblems(ErrorCode.NotOwner)
  delete(
    @IdParam(IMAGE_ID) id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    return this.images.delete(principal, id, context);
  }

  @Get(':id/file')
  @ServesImageBytes(
    'Download the original',
    'The file as it was uploaded, in its own format and with its own metadata (EXIF, GPS included, whatever `location_shown` says). A share token gets it only if its link allows downloads (else 403).',
    IMAGE_CONTENT_TYPES,
  )
  @ApiProblems(ErrorCode.InsufficientScope)
  file(
    @IdParam(IMAGE_ID) id: string,
    @CurrentPrincipal() principal: Caller | undefined,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.send(id, 'file', principal, context, request, reply);
  }

  @Get(':id/thumbnail')
  @ServesImageBytes('Download the thumbnail', 'A WebP of at most 480 × 480 pixels, without metadata.', ['image/webp'])
  thumbnail(
    @IdParam(IMAGE_ID) id: string,
    @CurrentPrincipal() principal: Caller | undefined,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.send(id, 'thumbnail', principal, context, request, reply);
  }

  @Get(':id/preview')
  @ServesImageBytes('Download the preview', 'A WebP of at most 1600 × 1600 pixels, without metadata: what a viewer shows.', ['image/webp'])
  preview(
    @IdParam(IMAGE_ID) id: string,
    @CurrentPrincipal() principal: Caller | undefined,
    @CurrentRequestContext() context: RequestContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.send(id, 'preview', principal, context, request, reply);
  }

  private async send(id: string, variant: ImageVariant, principal: Caller | undefined, context: RequestContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const content = await this.images.content(principal, id, variant, context);
    reply.header('etag', content.etag).header('cache-control', content.isPublic ? PUBLIC_CACHE_CONTROL : PRIVATE_REVALIDATED);
    if (matchesEtag(request.headers['if-none-match'], content.etag)) {
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
  @ApiOperation({ summary: 'List tags', description: 'Every tag with the number of images that carry it. Tags of private images count only for `images:read`.' })
  @ApiConditionalJson(TagCountListSchema, 'The tags, most used first.')
  async list(@CurrentPrincipal() principal: Principal | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendJson(request, reply, await this.images.tags(principal), cacheControlFor(principal));
  }
}
