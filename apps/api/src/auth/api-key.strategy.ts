import { API_KEY_HEADER } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';
import { ApiKeyVerifier } from '../api-keys/api-key-verifier';
import type { Principal } from '../access/principal';

@Injectable()
export class ApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, 'api-key') {
  constructor(private readonly verifier: ApiKeyVerifier) {
    // passReqToCallback must stay false: with true, @nestjs/passport 11 loses `done` (nestjs/passport#1857).
    super({ header: API_KEY_HEADER, prefix: '' }, false);
  }

  validate(key: unknown): Promise<Principal> {
    return this.verifier.verify(key);
  }
}
