import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { AuditModule } from '../audit/audit.module';
import { AppConfig } from '../config/app-config';
import { GalleryCache } from './gallery-cache';
import { ImageFiles } from './image-files';
import { ImagesController, TagsController } from './images.controller';
import { ImagesRepository } from './images.repository';
import { ImagesService } from './images.service';

/** `/api/v1/images` and `/api/v1/tags`; the files under `DATA_DIR/images`. */
@Module({
  imports: [AuditModule],
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
})
export class ImagesModule {}
