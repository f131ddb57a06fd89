import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { Job } from '../../queue/job.entity';
import { MediaModule } from '../media/media.module';
import { GenerationController } from './generation.controller';
import { GenerationProcessors } from './generation.processors';
import { GenerationService } from './generation.service';
import { GenerationTools } from './generation-tools';
import { EbookPipeline } from './pipelines/ebook.pipeline';
import { ShortPipeline } from './pipelines/short.pipeline';

@Module({
  imports: [TypeOrmModule.forFeature([Job]), AiModule, MediaModule],
  controllers: [GenerationController],
  providers: [GenerationService, GenerationTools, GenerationProcessors, EbookPipeline, ShortPipeline],
  exports: [GenerationService],
})
export class GenerationModule {}
