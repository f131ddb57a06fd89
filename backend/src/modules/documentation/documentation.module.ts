import { Module } from '@nestjs/common';
import { DocumentationController } from './documentation.controller';
import { DocumentationService } from './documentation.service';

/** The in-app documentation (audit page 12): the guides of docs/guides and the API tab from docs/openapi.json. */
@Module({
  controllers: [DocumentationController],
  providers: [{ provide: DocumentationService, useFactory: () => new DocumentationService() }],
})
export class DocumentationModule {}
