import { PermanentJobError, QueueEntry } from '../queue-driver';
import { InProcessQueueDriver } from './in-process-queue.driver';

const entry = (jobId: string, maxAttempts = 3): QueueEntry => ({ jobId, name: 'auth.purge-expired-tokens', maxAttempts, round: 0 });
const until = async (condition: () => boolean, ms = 2_000) => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('InProcessQueueDriver', () => {
  it('runs queued entries once a worker starts', async () => {
    const driver = new InProcessQueueDriver(() => 1);
    const seen: string[] = [];
    await driver.enqueue(entry('a'));
    await driver.enqueue(entry('b'));
    driver.startWorker(async (e) => void seen.push(e.jobId), 1);
    await until(() => seen.length === 2);
    expect(seen).toEqual(['a', 'b']);
    await driver.close(100);
  });

  it('holds a delayed entry until its delay has passed, and forgets it on close', async () => {
    const driver = new InProcessQueueDriver(() => 1);
    const seen: Array<{ id: string; at: number }> = [];
    driver.startWorker(async (e) => void seen.push({ id: e.jobId, at: Date.now() }), 1);
    const queuedAt = Date.now();
    await driver.enqueue({ ...entry('later'), delayMs: 150 });
    await driver.enqueue(entry('now'));
    await until(() => seen.length === 2);
    expect(seen.map((s) => s.id)).toEqual(['now', 'later']);
    expect(seen[1]!.at - queuedAt).toBeGreaterThanOrEqual(140);
    await driver.enqueue({ ...entry('never'), delayMs: 100 });
    await driver.close(100);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seen.map((s) => s.id)).not.toContain('never');
  });

  it('retries a failing attempt up to maxAttempts, with increasing attempt numbers', async () => {
    const driver = new InProcessQueueDriver(() => 1);
    const attempts: number[] = [];
    driver.startWorker(async (_e, attempt) => {
      attempts.push(attempt);
      throw new Error('transient');
    }, 1);
    await driver.enqueue(entry('a', 3));
    await until(() => attempts.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(attempts).toEqual([1, 2, 3]);
    await driver.close(100);
  });

  it('does not retry a permanent error', async () => {
    const driver = new InProcessQueueDriver(() => 1);
    let calls = 0;
    driver.startWorker(async () => {
      calls++;
      throw new PermanentJobError('bad input');
    }, 1);
    await driver.enqueue(entry('a', 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(1);
    await driver.close(100);
  });

  it('respects the concurrency limit', async () => {
    const driver = new InProcessQueueDriver(() => 1);
    let running = 0;
    let peak = 0;
    let done = 0;
    driver.startWorker(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      done++;
    }, 2);
    for (const id of ['a', 'b', 'c', 'd', 'e']) await driver.enqueue(entry(id));
    await until(() => done === 5);
    expect(peak).toBe(2);
    await driver.close(100);
  });

  it('on close, lets the running attempt finish and refuses new work', async () => {
    const driver = new InProcessQueueDriver(() => 1);
    let finished = false;
    let started = false;
    driver.startWorker(async () => {
      started = true;
      await new Promise((resolve) => setTimeout(resolve, 100));
      finished = true;
    }, 1);
    await driver.enqueue(entry('a'));
    await until(() => started);
    await driver.close(1_000);
    expect(finished).toBe(true);
    await expect(driver.enqueue(entry('b'))).rejects.toThrow(/shutting down/);
    expect(await driver.health()).toBe('down');
  });

  it('tells change listeners which job changed', async () => {
    const driver = new InProcessQueueDriver();
    const changed: string[] = [];
    driver.onChange((change) => changed.push(`${change.id}:${change.status}`));
    await driver.publishChange({ id: 'job-1', ownerId: null, name: 'auth.purge-expired-tokens', status: 'running', progress: 0, step: null, error: null });
    expect(changed).toEqual(['job-1:running']);
  });
});
