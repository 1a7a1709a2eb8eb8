import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { UsersModule } from '../users/users.module';
import { ChallengesRepository } from './challenges.repository';
import { RelyingParties } from './relying-party';
import { SecondFactorsController } from './second-factors.controller';
import { SecondFactorsRepository } from './second-factors.repository';
import { SecondFactorsService } from './second-factors.service';
import { SecurityPolicyController } from './security-policy.controller';
import { SessionAuthenticationsRepository } from './session-authentications.repository';

/**
 * Second factors: passkeys (WebAuthn), TOTP, recovery codes, the ceremonies in flight and the
 * policy. Auth completes logins and step-ups with what it exports; it knows no session itself.
 */
@Module({
  imports: [AuditModule, UsersModule],
  controllers: [SecondFactorsController, SecurityPolicyController],
  providers: [ChallengesRepository, RelyingParties, SecondFactorsRepository, SecondFactorsService, SessionAuthenticationsRepository],
  exports: [ChallengesRepository, RelyingParties, SecondFactorsService, SessionAuthenticationsRepository],
})
export class SecondFactorsModule {}
