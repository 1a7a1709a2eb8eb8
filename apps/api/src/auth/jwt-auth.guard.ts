import { ErrorCode } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../access/principal';
import { credentialGuard } from './credential-guard';
import { JwtStrategy } from './jwt.strategy';

/** Judges `Authorization: Bearer <jwt>` with passport-jwt, once per token (see JwtStrategy). */
@Injectable()
export class JwtAuthGuard extends credentialGuard('jwt', ErrorCode.InvalidToken) {
  constructor(private readonly strategy: JwtStrategy) {
    super();
  }

  override remembered(request: FastifyRequest): Promise<Principal> | undefined {
    return this.strategy.remembered(request);
  }
}
