import { Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { JobsService } from '../../queue/jobs.service';
import { AuthService } from './auth.service';

const EVERY_SIX_HOURS = 6 * 3600 * 1000;

declare module '../../queue/job-types' {
  interface JobPayloads {
    /** Deletes expired refresh tokens and long-idle sessions. */
    'auth.purge-expired-tokens': Record<string, never>;
  }
}

/** Forgets expired refresh tokens and idle sessions: at worker start, then every six hours. */
@Injectable()
export class TokenPurgeProcessor implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly jobs: JobsService,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.register('auth.purge-expired-tokens', async (job) => {
      await job.progress(10, 'Deleting expired refresh tokens');
      return { deleted: await this.auth.purgeExpiredTokens() };
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker || this.config.env === 'test') return;
    const schedule = () => void this.jobs.enqueue('auth.purge-expired-tokens', {}, { maxAttempts: 1 }).catch(() => undefined);
    schedule();
    this.timer = setInterval(schedule, EVERY_SIX_HOURS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
