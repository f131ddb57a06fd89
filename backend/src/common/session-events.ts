import { Injectable } from '@nestjs/common';

type SessionsEndedListener = (sessionIds: readonly string[]) => void;

/**
 * Sessions that just ended (logout, revocation, a password change), told to whoever holds
 * something open for them: the socket gateway cuts their sockets. In-process; the gateway's
 * socket.io adapter carries the cut to the other instances.
 */
@Injectable()
export class SessionEvents {
  private readonly listeners = new Set<SessionsEndedListener>();

  onEnded(listener: SessionsEndedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  ended(sessionIds: readonly string[]): void {
    if (!sessionIds.length) return;
    for (const listener of this.listeners) listener(sessionIds);
  }
}
