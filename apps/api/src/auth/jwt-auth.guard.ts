import { ErrorCode } from '@lightbox/auth-contracts';
import { credentialGuard } from './credential-guard';

/** Judges `Authorization: Bearer <jwt>` with passport-jwt (see JwtStrategy). */
export class JwtAuthGuard extends credentialGuard('jwt', ErrorCode.InvalidToken) {}
