import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SecretBox } from './secret-box';
import { CacheHub } from './shared-cache';
import { SessionEvents } from './session-events';
import { SharedThrottlerStorage } from './throttler-storage';

/** Shared services every area may inject. */
@Global()
@Module({
  providers: [{ provide: SecretBox, inject: [AppConfig], useFactory: (config: AppConfig) => new SecretBox(config.secretKey) }, SharedThrottlerStorage, SessionEvents, CacheHub],
  exports: [SecretBox, SharedThrottlerStorage, SessionEvents, CacheHub],
})
export class CommonModule {}
