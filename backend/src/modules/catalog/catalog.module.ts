import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Seeder } from '../../database/seeder';
import { AuditModule } from '../audit/audit.module';
import { ToolRegistry } from '../tools/tool-registry';
import { ToolsModule } from '../tools/tools.module';
import { CatalogFavorite } from './catalog-favorite.entity';
import { CatalogReview } from './catalog-review.entity';
import { CatalogSearchTool } from './catalog-search.tool';
import { CatalogTool } from './catalog-tool.entity';
import { catalogToolsSeed } from './catalog-tools.seed';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';

/** The AI tool catalog (audit page 9), its shipped tools, and the `catalog_search` tool for agents. */
@Module({
  imports: [TypeOrmModule.forFeature([CatalogTool, CatalogFavorite, CatalogReview]), AuditModule, ToolsModule],
  controllers: [CatalogController],
  providers: [CatalogService, CatalogSearchTool],
})
export class CatalogModule implements OnModuleInit {
  constructor(
    private readonly seeder: Seeder,
    private readonly tools: ToolRegistry,
    private readonly catalogSearch: CatalogSearchTool,
  ) {}

  onModuleInit(): void {
    this.seeder.register(catalogToolsSeed);
    this.tools.register(this.catalogSearch, { order: 80 });
  }
}
