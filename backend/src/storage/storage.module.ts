import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { FileStorage } from './file-storage';
import { LocalDiskStorage } from './local-disk.storage';
import type { S3Storage } from './s3.storage';

@Global()
@Module({
  providers: [
    {
      provide: FileStorage,
      inject: [AppConfig],
      // The AWS SDK is loaded only when a bucket is configured (it is a noticeable share of start-up).
      useFactory: (config: AppConfig): FileStorage =>
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        config.media.s3 ? new (require('./s3.storage') as { S3Storage: typeof S3Storage }).S3Storage(config.media.s3) : new LocalDiskStorage(join(config.dataDir, 'media')),
    },
  ],
  exports: [FileStorage],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(private readonly storage: FileStorage) {}

  onApplicationShutdown(): void {
    if ('close' in this.storage) (this.storage as S3Storage).close();
  }
}
