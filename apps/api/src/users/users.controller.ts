import { CreateUserRequestSchema, UpdateUserRequestSchema, User, UserList } from '@lightbox/auth-contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { createZodDto } from 'nestjs-zod';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireScopes } from '../auth/access-rule';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { UsersService } from './users.service';

class CreateUserRequestDto extends createZodDto(CreateUserRequestSchema) {}
class UpdateUserRequestDto extends createZodDto(UpdateUserRequestSchema) {}

@Controller('users')
@RequireScopes('users:manage')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(): Promise<UserList> {
    return { items: await this.users.list() };
  }

  @Post()
  create(
    @Body() body: CreateUserRequestDto,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<User> {
    return this.users.create(body, principal, context);
  }

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<User> {
    return this.users.get(id);
  }

  @Patch(':id')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateUserRequestDto,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<User> {
    return this.users.update(id, body, principal, context);
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    await this.users.delete(id, principal, context);
  }
}
