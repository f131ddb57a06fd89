import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SecretBox } from './secret-box';
import { CacheHub } from './shared-cache';
import { SessionEvents } from './session-events';
import { SharedResources } from './shared-resources';
import { SharedThrottlerStorage } from './throttler-storage';

/** Shared services every area may inject. */
@Global()
@Module({
  providers: [{ provide: SecretBox, inject: [AppConfig], useFactory: (config: AppConfig) => new SecretBox(config.secretKey) }, SharedThrottlerStorage, SessionEvents, CacheHub, SharedResources],
  exports: [SecretBox, SharedThrottlerStorage, SessionEvents, CacheHub, SharedResources],
})
export class CommonModule {}
