import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SecretBox } from './secret-box';

/** Shared services every area may inject. */
@Global()
@Module({
  providers: [{ provide: SecretBox, inject: [AppConfig], useFactory: (config: AppConfig) => new SecretBox(config.secretKey) }],
  exports: [SecretBox],
})
export class CommonModule {}
