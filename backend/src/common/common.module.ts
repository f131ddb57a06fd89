import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SecretBox } from './secret-box';
import { SessionEvents } from './session-events';
import { SharedThrottlerStorage } from './throttler-storage';

/** Shared services every area may inject. */
@Global()
@Module({
  providers: [{ provide: SecretBox, inject: [AppConfig], useFactory: (config: AppConfig) => new SecretBox(config.secretKey) }, SharedThrottlerStorage, SessionEvents],
  exports: [SecretBox, SharedThrottlerStorage, SessionEvents],
})
export class CommonModule {}
