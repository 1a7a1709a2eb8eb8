import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';

export interface RelyingParty {
  readonly id: string;
  readonly origin: string;
}

export const RP_NAME = 'Lightbox';

/**
 * Whom passkeys are made for. WEBAUTHN_ORIGIN (and WEBAUTHN_RP_ID) when set; else, in development
 * and tests, the origin the request was served on (http://localhost:4200 as the developer opened
 * it); else, in production, nobody: passkeys are off rather than bound to whatever Host was sent.
 */
@Injectable()
export class RelyingParties {
  private readonly configured: RelyingParty | undefined;
  private readonly derived: boolean;

  constructor(config: AppConfig) {
    this.configured = config.webauthn && { id: config.webauthn.rpId, origin: config.webauthn.origin };
    this.derived = config.nodeEnv !== 'production';
  }

  of(request: FastifyRequest): RelyingParty | undefined {
    if (this.configured) return this.configured;
    if (!this.derived) return undefined;
    return { id: request.hostname, origin: `${request.protocol}://${request.host}` };
  }
}
