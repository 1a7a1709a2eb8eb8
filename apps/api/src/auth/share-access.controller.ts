import { ErrorCode, OpenShareLinkRequest, OpenShareLinkRequestSchema, ShareTokenResponse, ShareTokenResponseSchema } from '@lightbox/auth-contracts';
import { Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '../access/access-rule';
import { CurrentRequestContext, RequestContext } from '../http/request-context';
import { ApiJsonResponse, ApiProblems } from '../openapi/api-responses';
import { ValidBody } from '../openapi/validated-input';
import { ShareAccessService } from './share-access.service';

/** The way in for visitors: a share link's token for a share token. */
@Controller('share-links')
export class ShareAccessController {
  constructor(private readonly access: ShareAccessService) {}

  @Public()
  @Post('access')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Open a share link',
    description:
      'The token of a link (and its password, if it has one) for a share token, sent as `X-Share-Token`: it reads the album or image of that link and nothing else. Each opening counts against the link’s view limit and is logged for its owner. Wrong passwords are throttled per link and per address. 401 `share_link_password_required` asks for the password; 410 `share_link_expired` says with `reason` why the link no longer opens.',
  })
  @ApiJsonResponse(200, ShareTokenResponseSchema, 'A share token.')
  @ApiProblems(ErrorCode.InvalidShareLink, ErrorCode.ShareLinkExpired, ErrorCode.ShareLinkPasswordRequired, ErrorCode.InvalidCredentials, ErrorCode.TooManyRequests)
  open(@ValidBody(OpenShareLinkRequestSchema) body: OpenShareLinkRequest, @CurrentRequestContext() context: RequestContext): Promise<ShareTokenResponse> {
    return this.access.open(body.token, body.password, context);
  }
}
