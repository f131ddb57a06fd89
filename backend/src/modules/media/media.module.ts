import { AiModule } from '../../ai/ai.module';
import { Module, OnModuleInit } from '@nestjs/common';
import { SharedResources } from '../../common/shared-resources';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MediaFile } from './media-file.entity';
import { MediaFolder } from './media-folder.entity';
import { MediaFoldersService } from './media-folders.service';
import { AuthModule } from '../auth/auth.module';
import { MediaAccessGuard } from './media-access.guard';
import { MediaLinks } from './media-links';
import { MediaPreviewProcessor } from './media-preview.processor';
import { MediaController } from './media.controller';
import { MediaService } from './media.service';

@Module({
  imports: [TypeOrmModule.forFeature([MediaFile, MediaFolder]), AuthModule, AiModule],
  controllers: [MediaController],
  providers: [MediaService, MediaFoldersService, MediaLinks, MediaAccessGuard, MediaPreviewProcessor],
  exports: [MediaService],
})
export class MediaModule implements OnModuleInit {
  constructor(
    private readonly shared: SharedResources,
    private readonly media: MediaService,
  ) {}

  onModuleInit(): void {
    this.shared.registerKind({ kind: 'media_folder', find: (ids) => this.media.shareableFolders(ids) });
  }
}
