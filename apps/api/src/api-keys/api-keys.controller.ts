import {
  ApiKey,
  ApiKeyList,
  ApiKeyListSchema,
  ApiKeySchema,
  CreateApiKeyRequestSchema,
  CreatedApiKey,
  CreatedApiKeySchema,
  RotateApiKeyRequestSchema,
  UpdateApiKeyRequestSchema,
} from '@lightbox/auth-contracts';
import { Body, Controller, Delete, Get, Header, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { RequireScopes, UsersOnly } from '../access/access-rule';
import { OptionalBody } from '../http/optional-body';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { ApiKeysService } from './api-keys.service';

class CreateApiKeyRequestDto extends createZodDto(CreateApiKeyRequestSchema) {}
class UpdateApiKeyRequestDto extends createZodDto(UpdateApiKeyRequestSchema) {}
class RotateApiKeyRequestDto extends createZodDto(RotateApiKeyRequestSchema) {}
class ApiKeyDto extends createZodDto(ApiKeySchema) {}
class CreatedApiKeyDto extends createZodDto(CreatedApiKeySchema) {}
class ApiKeyListDto extends createZodDto(ApiKeyListSchema) {}

@Controller('api-keys')
@RequireScopes('api-keys:manage')
@UsersOnly()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Header('cache-control', 'no-store')
  @ApiCreatedResponse({ type: CreatedApiKeyDto.Output, description: 'The key itself is in `key`, this once.' })
  create(
    @Body() body: CreateApiKeyRequestDto,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<CreatedApiKey> {
    return this.keys.create(principal, body, context);
  }

  @Get()
  @ApiOkResponse({ type: ApiKeyListDto.Output })
  async list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyList> {
    return { items: await this.keys.list(principal) };
  }

  @Get(':id')
  @ApiOkResponse({ type: ApiKeyDto.Output })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() principal: Principal): Promise<ApiKey> {
    return this.keys.get(principal, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ApiKeyDto.Output })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateApiKeyRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ApiKey> {
    return this.keys.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked; the key is kept, and listed as revoked.' })
  revoke(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    return this.keys.revoke(principal, id, context);
  }

  @Post(':id/rotate')
  @Header('cache-control', 'no-store')
  @ApiBody({ type: RotateApiKeyRequestDto, required: false })
  @ApiCreatedResponse({ type: CreatedApiKeyDto.Output, description: 'The new key, this once; the old one works until the grace period ends.' })
  rotate(
    @Param('id', new ParseUUIDPipe()) id: string,
    @OptionalBody(RotateApiKeyRequestDto) body: RotateApiKeyRequestDto | undefined,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<CreatedApiKey> {
    return this.keys.rotate(principal, id, body?.grace_seconds ?? 0, context);
  }
}
