import { ErrorCode } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { credentialRefused } from '../auth/auth-errors';
import type { Principal } from '../auth/principal';
import { hasValidChecksum } from './api-key-format';

/** Turns an X-API-Key value into a principal, or refuses it with the contract's code. */
@Injectable()
export class ApiKeyVerifier {
  async verify(key: unknown): Promise<Principal> {
    if (!hasValidChecksum(key)) throw credentialRefused(ErrorCode.InvalidApiKey);
    // No key can be issued yet (the API-keys issue adds issuing, storage and lookup), so every
    // well-formed key is unknown.
    throw credentialRefused(ErrorCode.InvalidApiKey);
  }
}
