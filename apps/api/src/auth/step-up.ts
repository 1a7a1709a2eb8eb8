import { Injectable } from '@nestjs/common';
import { stepUpRequired } from '../access/access-errors';
import type { Caller } from '../access/principal';
import { Clock } from '../clock/clock';
import { SecondFactorsService } from '../second-factors/second-factors.service';
import { strengthOf } from '../second-factors/strength';

/**
 * RFC 9470 for @RequireRecentAuth() routes: the token's `auth_time` within `max_age`, and its
 * `amr` as strong as the strongest factor the person has. One query, on these few routes only.
 */
@Injectable()
export class StepUp {
  constructor(
    private readonly factors: SecondFactorsService,
    private readonly clock: Clock,
  ) {}

  async require(principal: Caller, maxAgeSeconds: number): Promise<void> {
    if (principal.kind !== 'user' || principal.authTime === undefined || principal.amr === undefined) throw stepUpRequired(maxAgeSeconds);
    if (principal.authTime < this.clock.now() - maxAgeSeconds * 1000) throw stepUpRequired(maxAgeSeconds);
    if (strengthOf(principal.amr) < (await this.factors.requiredStrength(principal.userId))) throw stepUpRequired(maxAgeSeconds);
  }
}
