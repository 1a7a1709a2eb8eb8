import { ErrorCode } from '@lightbox/auth-contracts';
import { Injectable } from '@nestjs/common';
import { credentialGuard } from './credential-guard';

/** Judges `X-Share-Token` with passport-jwt (see ShareLinkStrategy). */
@Injectable()
export class ShareLinkGuard extends credentialGuard('share-link', ErrorCode.InvalidShareLink) {}
