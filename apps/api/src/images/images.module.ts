import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { AuditModule } from '../audit/audit.module';
import { ShareLinksModule } from '../share-links/share-links.module';
import { AppConfig } from '../config/app-config';
import { GalleryCache } from './gallery-cache';
import { ImageFiles } from './image-files';
import { ImagesController, TagsController } from './images.controller';
import { ImagesRepository } from './images.repository';
import { ImagesService } from './images.service';

/** `/api/v1/images` and `/api/v1/tags`; the files under `DATA_DIR/images`. */
@Module({
  imports: [AuditModule, ShareLinksModule],
  controllers: [ImagesController, TagsController],
  providers: [
    GalleryCache,
    ImagesRepository,
    ImagesService,
    {
      provide: ImageFiles,
      useFactory: (config: AppConfig) => new ImageFiles(join(config.dataDir, 'images'), config.databaseUrl !== undefined),
      inject: [AppConfig],
    },
  ],
  exports: [GalleryCache, ImagesRepository],
})
export class ImagesModule {}
