import {
  ApiKey,
  ApiKeyList,
  ApiKeyListSchema,
  ApiKeySchema,
  CreateApiKeyRequest,
  CreateApiKeyRequestSchema,
  CreatedApiKey,
  CreatedApiKeySchema,
  ErrorCode,
  RotateApiKeyRequest,
  RotateApiKeyRequestSchema,
  UpdateApiKeyRequest,
  UpdateApiKeyRequestSchema,
} from '@lightbox/auth-contracts';
import { Controller, Delete, Get, Header, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { RequireRecentAuth, RequireScopes, UsersOnly } from '../access/access-rule';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { IdParam, ValidBody } from '../openapi/validated-input';
import { ApiJsonResponse, ApiProblems } from '../openapi/api-responses';
import { ApiKeysService } from './api-keys.service';

const KEY_ID = 'The key’s id.';
const WHOSE = 'Your own keys, or anyone’s with `users:manage`.';

@Controller('api-keys')
@RequireScopes('api-keys:manage')
@UsersOnly()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @RequireRecentAuth()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Create an API key',
    description: 'A key acting for you, with some of your scopes (`images:read`, `images:write`, `audit:read`).',
  })
  @ApiJsonResponse(201, CreatedApiKeySchema, 'The key, with the key itself in `key` this once.')
  create(
    @ValidBody(CreateApiKeyRequestSchema) body: CreateApiKeyRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<CreatedApiKey> {
    return this.keys.create(principal, body, context);
  }

  @Get()
  @ApiOperation({ summary: 'List API keys', description: 'Your keys; with `users:manage`, everyone’s.' })
  @ApiJsonResponse(200, ApiKeyListSchema, 'The keys, without the keys themselves.')
  async list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyList> {
    return { items: await this.keys.list(principal) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an API key', description: WHOSE })
  @ApiJsonResponse(200, ApiKeySchema, 'The key, without the key itself.')
  @ApiProblems(ErrorCode.NotOwner)
  get(@IdParam(KEY_ID) id: string, @CurrentPrincipal() principal: Principal): Promise<ApiKey> {
    return this.keys.get(principal, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an API key', description: `Its name, scopes or expiry. ${WHOSE}` })
  @ApiJsonResponse(200, ApiKeySchema, 'The key as changed.')
  @ApiProblems(ErrorCode.NotOwner)
  update(
    @IdParam(KEY_ID) id: string,
    @ValidBody(UpdateApiKeyRequestSchema) body: UpdateApiKeyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApiKey> {
    return this.keys.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key', description: `It stops working at once, on every instance. ${WHOSE}` })
  @ApiNoContentResponse({ description: 'Revoked; the key is kept, and listed as revoked.' })
  @ApiProblems(ErrorCode.NotOwner)
  revoke(
    @IdParam(KEY_ID) id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    return this.keys.revoke(principal, id, context);
  }

  @Post(':id/rotate')
  @RequireRecentAuth()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Rotate an API key',
    description: `A new key with the same name, scopes and limits; the old one works until the grace period ends. ${WHOSE}`,
  })
  @ApiJsonResponse(201, CreatedApiKeySchema, 'The new key, with the key itself in `key` this once.')
  @ApiProblems(ErrorCode.NotOwner, ErrorCode.Conflict)
  rotate(
    @IdParam(KEY_ID) id: string,
    @ValidBody(RotateApiKeyRequestSchema, { optional: true }) body: RotateApiKeyRequest | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<CreatedApiKey> {
    return this.keys.rotate(principal, id, body?.grace_seconds ?? 0, context);
  }
}
