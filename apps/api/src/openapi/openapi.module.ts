import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OpenApiDocumentFactory } from './openapi-document';

@Module({
  imports: [DiscoveryModule],
  providers: [OpenApiDocumentFactory],
  exports: [OpenApiDocumentFactory],
})
export class OpenApiModule {}
