import { CreateUserRequestSchema, UpdateUserRequestSchema, User, UserList, UserListSchema, UserSchema } from '@lightbox/auth-contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { RequireScopes, UsersOnly } from '../access/access-rule';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { UsersService } from './users.service';

class CreateUserRequestDto extends createZodDto(CreateUserRequestSchema) {}
class UpdateUserRequestDto extends createZodDto(UpdateUserRequestSchema) {}
class UserDto extends createZodDto(UserSchema) {}
class UserListDto extends createZodDto(UserListSchema) {}

/** People manage people: an API key never creates a person, sets a password or changes a role. */
@Controller('users')
@RequireScopes('users:manage')
@UsersOnly()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserListDto.Output })
  async list(): Promise<UserList> {
    return { items: await this.users.list() };
  }

  @Post()
  @ApiCreatedResponse({ type: UserDto.Output })
  @ApiProblems(409)
  create(
    @Body() body: CreateUserRequestDto,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<User> {
    return this.users.create(body, principal, context);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto.Output })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<User> {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserDto.Output })
  @ApiProblems(409)
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
  @ApiNoContentResponse()
  @ApiProblems(409)
  async delete(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    await this.users.delete(id, principal, context);
  }
}
