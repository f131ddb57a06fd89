import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { QueueDriver } from '../../queue/queue-driver';
import { ComponentHealthDto, HealthDto } from './health.dto';

@Injectable()
export class HealthService {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly queue: QueueDriver,
  ) {}

  async check(): Promise<HealthDto> {
    const [database, queueStatus] = await Promise.all([this.database(), this.queue.health()]);
    const redis: ComponentHealthDto = this.config.redisUrl ? { status: queueStatus } : { status: 'disabled', detail: 'no REDIS_URL: in-process queue, single-instance realtime', runsOn: 'in-process' };
    const degraded = database.status === 'down' || queueStatus === 'down';
    return {
      status: degraded ? 'degraded' : 'ok',
      version: this.config.version,
      role: this.config.role,
      database,
      redis,
      queue: { driver: this.queue.kind, status: queueStatus },
    };
  }

  private async database(): Promise<ComponentHealthDto> {
    const detail = this.config.databaseUrl ? ({ detail: 'postgresql', runsOn: 'postgresql' } as const) : ({ detail: 'embedded PGlite', runsOn: 'pglite' } as const);
    try {
      const ping = this.dataSource.query('SELECT 1');
      ping.catch(() => undefined); // a ping given up on may still fail later: handled, not a crash
      await Promise.race([ping, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref())]);
      return { status: 'up', ...detail };
    } catch {
      return { status: 'down', ...detail };
    }
  }
}
