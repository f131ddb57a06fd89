import { Module, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { configureFfmpegLimits } from './ffmpeg';

/** Gives the rendering helpers (plain functions, used by several areas) their limits from the configuration, once at start-up. */
@Module({})
export class RenderingModule implements OnModuleInit {
  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    configureFfmpegLimits(this.config.ffmpeg);
  }
}
