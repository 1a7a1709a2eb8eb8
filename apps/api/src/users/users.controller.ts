import {
  CreateUserRequest,
  CreateUserRequestSchema,
  ErrorCode,
  ManagedUser,
  ManagedUserSchema,
  UpdateUserRequest,
  UpdateUserRequestSchema,
  User,
  UserList,
  UserListSchema,
  UserSchema,
} from '@lightbox/auth-contracts';
import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { RequireRecentAuth, RequireScopes, UsersOnly } from '../access/access-rule';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { IdParam, ValidBody } from '../openapi/validated-input';
import { ApiJsonResponse, ApiProblems } from '../openapi/api-responses';
import { UsersService } from './users.service';

const USER_ID = 'The user’s id.';

/** People manage people: an API key never creates a person, sets a password or changes a role. */
@Controller('users')
@RequireScopes('users:manage')
@UsersOnly()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List users', description: 'Everyone who can log in, or could.' })
  @ApiJsonResponse(200, UserListSchema, 'The users.')
  async list(): Promise<UserList> {
    return { items: await this.users.list() };
  }

  @Post()
  @RequireRecentAuth()
  @ApiOperation({ summary: 'Create a user', description: 'A username, a first password under the password rules, and a role other than owner.' })
  @ApiJsonResponse(201, UserSchema, 'The user.')
  @ApiProblems(ErrorCode.Conflict)
  create(
    @ValidBody(CreateUserRequestSchema) body: CreateUserRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<User> {
    return this.users.create(body, principal, context);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a user' })
  @ApiJsonResponse(200, ManagedUserSchema, 'The user.')
  get(@IdParam(USER_ID) id: string): Promise<ManagedUser> {
    return this.users.get(id);
  }

  @Patch(':id')
  @RequireRecentAuth()
  @ApiOperation({
    summary: 'Change a user',
    description: 'Their role, whether they are active, or their password. The owner cannot be demoted or deactivated (409).',
  })
  @ApiJsonResponse(200, UserSchema, 'The user as changed.')
  @ApiProblems(ErrorCode.Conflict)
  update(
    @IdParam(USER_ID) id: string,
    @ValidBody(UpdateUserRequestSchema) body: UpdateUserRequest,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<User> {
    return this.users.update(id, body, principal, context);
  }

  @Delete(':id')
  @RequireRecentAuth()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a user',
    description: 'Only a user who owns no images (deactivate the others instead); never the owner (409). Their sessions and API keys end.',
  })
  @ApiNoContentResponse({ description: 'The user is gone.' })
  @ApiProblems(ErrorCode.Conflict)
  async delete(
    @IdParam(USER_ID) id: string,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<void> {
    await this.users.delete(id, principal, context);
  }
}
