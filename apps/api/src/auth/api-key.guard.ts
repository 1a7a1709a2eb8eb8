import { ErrorCode } from '@lightbox/auth-contracts';
import { credentialGuard } from './credential-guard';

/** Judges `X-API-Key` with passport-headerapikey (see ApiKeyStrategy). */
export class ApiKeyGuard extends credentialGuard('api-key', ErrorCode.InvalidApiKey) {}
