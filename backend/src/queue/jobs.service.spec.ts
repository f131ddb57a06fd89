import type { Repository } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import type { Job } from './job.entity';
import type { JobName } from './job-types';
import { JobsService } from './jobs.service';
import type { QueueDriver } from './queue-driver';

describe('JobsService: job names are declared by the areas that register them', () => {
  const rows = { save: jest.fn(), create: jest.fn() };
  const driver = { enqueue: jest.fn() };
  const service = new JobsService(rows as unknown as Repository<Job>, driver as unknown as QueueDriver, {} as AppConfig);
  const name = 'auth.purge-expired-tokens' satisfies JobName;

  it('refuses a name no processor was registered for, before writing a row or queueing', async () => {
    await expect(service.enqueue(name, {})).rejects.toThrow(`Job "${name}" has no registered processor`);
    expect(rows.save).not.toHaveBeenCalled();
    expect(driver.enqueue).not.toHaveBeenCalled();
  });

  it('takes one processor per name', () => {
    service.register(name, async () => undefined);
    expect(() => service.register(name, async () => undefined)).toThrow(`Job "${name}" already has a processor`);
  });
});
