import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { Job } from '../../queue/job.entity';
import { MediaModule } from '../media/media.module';
import { ToolRegistry } from '../tools/tool-registry';
import { ToolsModule } from '../tools/tools.module';
import { GenerateImageTool } from './generate-image.tool';
import { GenerationController } from './generation.controller';
import { GenerationProcessors } from './generation.processors';
import { GenerationService } from './generation.service';
import { GenerationTools } from './generation-tools';
import { EbookPipeline } from './pipelines/ebook.pipeline';
import { ShortPipeline } from './pipelines/short.pipeline';
import { SpeechController } from './speech/speech.controller';
import { SpeechService } from './speech/speech.service';

/** Image, video, audio, eBook and short-video jobs, speech to text, and the `generate_image` tool. */
@Module({
  imports: [TypeOrmModule.forFeature([Job]), AiModule, MediaModule, ToolsModule],
  controllers: [GenerationController, SpeechController],
  providers: [GenerationService, SpeechService, GenerationTools, GenerationProcessors, EbookPipeline, ShortPipeline, GenerateImageTool],
  exports: [GenerationService],
})
export class GenerationModule implements OnModuleInit {
  constructor(
    private readonly tools: ToolRegistry,
    private readonly generateImage: GenerateImageTool,
  ) {}

  onModuleInit(): void {
    this.tools.register(this.generateImage, { order: 50 });
  }
}
