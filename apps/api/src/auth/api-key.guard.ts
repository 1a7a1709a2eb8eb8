import { API_KEY_HEADER, ErrorCode } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../access/principal';
import { ApiKeyVerifier } from '../api-keys/api-key-verifier';
import { credentialGuard } from './credential-guard';

/**
 * Judges `X-API-Key` with passport-headerapikey (see ApiKeyStrategy), or, for a key the verifier
 * has in memory, with the verifier alone: passport's per-request objects were a fifth of a
 * keyed request once the gallery answered from memory.
 */
@Injectable()
export class ApiKeyGuard extends credentialGuard('api-key', ErrorCode.InvalidApiKey) {
  constructor(private readonly verifier: ApiKeyVerifier) {
    super();
  }

  override remembered(request: FastifyRequest): Promise<Principal> | undefined {
    return this.verifier.remembered(request.headers[API_KEY_HEADER]);
  }
}
