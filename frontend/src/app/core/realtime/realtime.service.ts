import { DestroyRef, Injectable, effect, inject, signal } from '@angular/core';
import { Observable, Subject, filter, map } from 'rxjs';
import { io, type Socket } from 'socket.io-client';
import type { JobProgressEventDto, SocketServerEventName, SocketServerEvents } from '../../api/models';
import { SOCKET_SERVER_EVENT_NAME } from '../../api/models/socket-server-event-name-array';
import { SessionStore } from '../auth/session.store';

/** The listeners of the server's events, typed by the contract's `SocketServerEvents`. */
type ServerToClientEvents = { [E in SocketServerEventName]: (payload: SocketServerEvents[E]) => void };
type ServerEvent = { [E in SocketServerEventName]: { name: E; payload: SocketServerEvents[E] } }[SocketServerEventName];

const NAMES: ReadonlySet<string> = new Set<SocketServerEventName>(SOCKET_SERVER_EVENT_NAME);

/**
 * One socket.io connection to the same origin, authenticated with the access token; opened
 * while someone is signed in and closed when they log out. Every event the contract declares is
 * passed on (a new one needs no change here); others are ignored.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService {
  private readonly session = inject(SessionStore);
  private readonly events = new Subject<ServerEvent>();
  private socket: Socket<ServerToClientEvents> | null = null;
  private readonly isConnected = signal(false);
  private readonly lastJob = signal<JobProgressEventDto | null>(null);

  readonly connected = this.isConnected.asReadonly();
  /** The latest job progress pushed by the server. */
  readonly lastJobProgress = this.lastJob.asReadonly();

  constructor() {
    effect(() => {
      const signedIn = this.session.isAuthenticated();
      const token = this.session.accessToken();
      if (!signedIn || !token) this.disconnect();
      else if (!this.socket) this.connect();
      // A new token after a refresh: if the server had refused the old one, try again.
      else if (!this.socket.connected && !this.socket.active) this.socket.connect();
    });
    inject(DestroyRef).onDestroy(() => this.disconnect());
  }

  /** The payloads of one server event, typed by name. */
  on<E extends SocketServerEventName>(name: E): Observable<SocketServerEvents[E]> {
    return this.events.pipe(
      filter((event): event is Extract<ServerEvent, { name: E }> => event.name === name),
      // TypeScript does not narrow `Extract<…, { name: E }>['payload']` to `SocketServerEvents[E]` for a generic E (with more than one event).
      map((event) => event.payload as SocketServerEvents[E]),
    );
  }

  /** Sends an event the server listens to (`collaboration.typing`); resolves with its acknowledgement, or null when offline. */
  send(name: string, payload: unknown): Promise<unknown> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve(null);
    // Client-to-server events are not in the contract's typed map (it lists what the server sends).
    return (socket as unknown as Socket).timeout(5000).emitWithAck(name, payload).catch(() => null);
  }

  /**
   * Sends an event and says whether it left: `{ sent: false }` when the socket is down (nothing was
   * emitted, the caller may use HTTP instead), else `{ sent: true, ack }` with the acknowledgement, or
   * null when none came in time (the server may have acted: the caller must not simply send again).
   */
  async request(name: string, payload: unknown): Promise<{ sent: false } | { sent: true; ack: unknown }> {
    const socket = this.socket;
    if (!socket?.connected) return { sent: false };
    const ack = await (socket as unknown as Socket)
      .timeout(5000)
      .emitWithAck(name, payload)
      .catch(() => null);
    return { sent: true, ack };
  }

  private connect(): void {
    const socket: Socket<ServerToClientEvents> = io({
      path: '/socket.io',
      // A function, so every reconnection sends the current (possibly refreshed) token.
      auth: (callback) => callback({ token: this.session.accessToken() }),
    });
    socket.on('connect', () => this.isConnected.set(true));
    socket.on('disconnect', () => this.isConnected.set(false));
    socket.onAny((name: string, payload: unknown) => {
      if (!NAMES.has(name)) return;
      const event = { name, payload } as ServerEvent;
      if (event.name === 'job.progress') this.lastJob.set(event.payload);
      this.events.next(event);
    });
    this.socket = socket;
  }

  private disconnect(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.isConnected.set(false);
  }
}
