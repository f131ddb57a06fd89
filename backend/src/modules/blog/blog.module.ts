import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { GenerationModule } from '../generation/generation.module';
import { MediaModule } from '../media/media.module';
import { BlogAiController } from './ai/blog-ai.controller';
import { BlogAiService } from './ai/blog-ai.service';
import { BlogArticle } from './blog-article.entity';
import { BlogPublicController } from './blog-public.controller';
import { BlogPublicService } from './blog-public.service';
import { BlogRevision } from './blog-revision.entity';
import { BlogController } from './blog.controller';
import { BlogService } from './blog.service';

/** The blog (audit page 11): articles, revisions, scheduled publishing, the public pages, and "Write with AI" (chat models through the AI layer, covers through the generation area's image jobs). */
@Module({
  imports: [TypeOrmModule.forFeature([BlogArticle, BlogRevision]), MediaModule, AiModule, GenerationModule],
  controllers: [BlogController, BlogAiController, BlogPublicController],
  providers: [BlogService, BlogPublicService, BlogAiService],
})
export class BlogModule {}
