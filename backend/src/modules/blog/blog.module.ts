import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MediaModule } from '../media/media.module';
import { BlogArticle } from './blog-article.entity';
import { BlogPublicController } from './blog-public.controller';
import { BlogPublicService } from './blog-public.service';
import { BlogRevision } from './blog-revision.entity';
import { BlogController } from './blog.controller';
import { BlogService } from './blog.service';

/** The blog (audit page 11): articles, revisions, scheduled publishing, and the public pages. */
@Module({
  imports: [TypeOrmModule.forFeature([BlogArticle, BlogRevision]), MediaModule],
  controllers: [BlogController, BlogPublicController],
  providers: [BlogService, BlogPublicService],
})
export class BlogModule {}
