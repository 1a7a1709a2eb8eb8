import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ImagesModule } from '../images/images.module';
import { AlbumsController } from './albums.controller';
import { AlbumsRepository } from './albums.repository';
import { AlbumsService } from './albums.service';

/** `/api/v1/albums`: arrangements of the gallery's images, cached and invalidated with it. */
@Module({
  imports: [AuditModule, ImagesModule],
  controllers: [AlbumsController],
  providers: [AlbumsRepository, AlbumsService],
})
export class AlbumsModule {}
