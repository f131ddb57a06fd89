import { DestroyRef, Injectable, effect, inject, signal } from '@angular/core';
import { Observable, Subject, filter, map } from 'rxjs';
import { io, type Socket } from 'socket.io-client';
import { SessionStore } from '../auth/session.store';
import type { JobProgressEvent, ServerEventMap, ServerToClientEvents } from './realtime-events';

type ServerEvent = { [E in keyof ServerEventMap]: { name: E; payload: ServerEventMap[E] } }[keyof ServerEventMap];

/**
 * One socket.io connection to the same origin, authenticated with the access token; opened
 * while someone is signed in and closed when they log out.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService {
  private readonly session = inject(SessionStore);
  private readonly events = new Subject<ServerEvent>();
  private socket: Socket<ServerToClientEvents> | null = null;
  private readonly isConnected = signal(false);
  private readonly lastJob = signal<JobProgressEvent | null>(null);

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
  on<E extends keyof ServerEventMap>(name: E): Observable<ServerEventMap[E]> {
    return this.events.pipe(
      filter((event): event is Extract<ServerEvent, { name: E }> => event.name === name),
      map((event) => event.payload),
    );
  }

  private connect(): void {
    const socket: Socket<ServerToClientEvents> = io({
      path: '/socket.io',
      // A function, so every reconnection sends the current (possibly refreshed) token.
      auth: (callback) => callback({ token: this.session.accessToken() }),
    });
    socket.on('connect', () => this.isConnected.set(true));
    socket.on('disconnect', () => this.isConnected.set(false));
    socket.on('job.progress', (payload) => {
      this.lastJob.set(payload);
      this.events.next({ name: 'job.progress', payload });
    });
    this.socket = socket;
  }

  private disconnect(): void {
    this.socket?.disconnect();
    this.socket = null;
    this.isConnected.set(false);
  }
}
