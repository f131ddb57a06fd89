import { io, type Socket } from 'socket.io-client';

/** One `job.progress` event as the client received it. */
export interface JobEvent {
  /** When it reached the client: epoch ms (`Date.now()`), the clock Webox's `started_at` and `finished_at` use. */
  at: number;
  id: string;
  name: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: number;
  step: string | null;
  error: string | null;
}

const TERMINAL = new Set<JobEvent['status']>(['succeeded', 'failed', 'cancelled']);

export const isTerminal = (event: JobEvent) => TERMINAL.has(event.status);

/**
 * Follows one user's jobs over Webox's socket (`job.progress`, the events the dashboard gets) and
 * keeps every event with its arrival time. Events of jobs not yet known (a job can start before
 * its `POST` has answered) are kept too.
 */
export class JobWatcher {
  private readonly byJob = new Map<string, JobEvent[]>();
  private readonly waiters = new Set<() => void>();
  /** Arrival of the latest event of any job, epoch ms. */
  lastEventAt = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('job.progress', (payload: Omit<JobEvent, 'at'>) => {
      const event = { ...payload, at: Date.now() };
      this.lastEventAt = event.at;
      this.byJob.set(event.id, [...(this.byJob.get(event.id) ?? []), event]);
      for (const waiter of [...this.waiters]) waiter();
    });
  }

  static connect(baseUrl: string, token: string, timeoutMs = 15_000): Promise<JobWatcher> {
    const socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: true, timeout: timeoutMs });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.close();
        reject(new Error(`socket did not connect within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new JobWatcher(socket));
      });
      socket.once('connect_error', (error) => {
        clearTimeout(timer);
        socket.close();
        reject(new Error(`socket refused: ${error.message}`));
      });
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  eventsOf(id: string): JobEvent[] {
    return this.byJob.get(id) ?? [];
  }

  /** Every event received since `since` (epoch ms), in arrival order. */
  eventsSince(since: number): JobEvent[] {
    return [...this.byJob.values()].flat().filter((event) => event.at >= since).sort((a, b) => a.at - b.at);
  }

  /** Jobs whose latest event is not a final one. */
  unfinished(): string[] {
    return [...this.byJob].filter(([, events]) => !isTerminal(events[events.length - 1]!)).map(([id]) => id);
  }

  /** The job's final event (succeeded, failed or cancelled), once it has arrived. */
  terminal(id: string, timeoutMs: number): Promise<JobEvent> {
    return this.until(() => this.eventsOf(id).find(isTerminal), timeoutMs, `job ${id} did not finish within ${timeoutMs} ms`);
  }

  /** Resolves with the first non-undefined answer of `check`, asked now and after each event. */
  until<T>(check: () => T | undefined, timeoutMs: number, message: string): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const waiter = () => {
        const answer = check();
        if (answer === undefined) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(answer);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(message));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  close(): void {
    this.socket.close();
  }
}
