import { SecurityPolicy, SecurityPolicySchema } from '@lightbox/auth-contracts';
import { Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRecentAuth, RequireScopes, UsersOnly } from '../access/access-rule';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import type { Principal } from '../access/principal';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { ApiJsonResponse } from '../openapi/api-responses';
import { ValidBody } from '../openapi/validated-input';
import { SecondFactorsService } from './second-factors.service';

/** Who must use a second factor: for those who manage people (owner, admins), never for an API key. */
@ApiTags('SecurityPolicy')
@Controller('security-policy')
@RequireScopes('users:manage')
@UsersOnly()
export class SecurityPolicyController {
  constructor(private readonly factors: SecondFactorsService) {}

  @Get()
  @ApiOperation({ summary: 'Get the security policy' })
  @ApiJsonResponse(200, SecurityPolicySchema, 'The policy.')
  async get(): Promise<SecurityPolicy> {
    return { mfa_required_roles: await this.factors.requiredRoles() };
  }

  @Put()
  @RequireRecentAuth()
  @ApiOperation({
    summary: 'Set the security policy',
    description: 'People of a listed role who have no second factor can only enrol one: their next token (at the latest within the access-token lifetime) holds no scopes until they do.',
  })
  @ApiJsonResponse(200, SecurityPolicySchema, 'The policy as set.')
  async set(
    @ValidBody(SecurityPolicySchema) body: SecurityPolicy,
    @CurrentPrincipal() principal: Principal,
    @CurrentRequestContext() context: RequestContext,
  ): Promise<SecurityPolicy> {
    return { mfa_required_roles: await this.factors.setRequiredRoles(body.mfa_required_roles, principal, context) };
  }
}
