import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { UsersModule } from '../users/users.module';
import { ShareLinkStates } from './share-link-states';
import { ShareLinksController } from './share-links.controller';
import { ShareLinksRepository } from './share-links.repository';
import { ShareLinksService } from './share-links.service';

/**
 * Share links: storage, their owners' routes, the access log, and the state the guard judges share
 * tokens by. Auth opens links (a way in, like logging in); the gallery records what visitors view.
 */
@Module({
  imports: [AuditModule, UsersModule],
  controllers: [ShareLinksController],
  providers: [ShareLinkStates, ShareLinksRepository, ShareLinksService],
  exports: [ShareLinkStates, ShareLinksRepository, ShareLinksService],
})
export class ShareLinksModule {}
