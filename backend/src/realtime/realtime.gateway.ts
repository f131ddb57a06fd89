import { Logger } from '@nestjs/common';
import { OnGatewayConnection, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { AuthUser } from '../common/auth.decorators';
import { AccessTokenVerifier } from '../modules/auth/access-token-verifier';
import { ClientEventMap, sessionRoom, userRoom } from './client-events';

/**
 * The one socket.io endpoint (`/socket.io`). The handshake carries the same access token as
 * HTTP (`auth: { token }`); an unauthenticated socket is refused before it joins any room.
 */
@WebSocketGateway({ path: '/socket.io', cors: false })
export class RealtimeGateway implements OnGatewayConnection {
  private readonly logger = new Logger('Realtime');
  @WebSocketServer() private readonly sockets?: Server;
  /** A worker-only process has no socket server: it emits through a Redis broadcaster instead (RealtimeModule). */
  private broadcaster?: Server;

  constructor(private readonly verifier: AccessTokenVerifier) {}

  /** Where this process's emits go: its own socket server, or (worker-only) the Redis broadcaster. */
  private get server(): Server | undefined {
    return this.sockets ?? this.broadcaster;
  }

  useBroadcaster(server: Server | undefined): void {
    this.broadcaster = server;
  }

  afterInit(server: Server): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      this.verifier
        .verify(typeof token === 'string' ? token : undefined)
        .then((user) => {
          if (!user) return next(new Error('unauthenticated'));
          (socket.data as { user: AuthUser }).user = user;
          next();
        })
        .catch(() => next(new Error('unauthenticated')));
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const user = (socket.data as { user?: AuthUser }).user;
    if (!user) return void socket.disconnect(true);
    await socket.join([userRoom(user.id), sessionRoom(user.sessionId)]);
    // The handshake (headers, address, auth) is built by now; the upgrade request behind it is not
    // needed again and would stay alive as long as the socket (socket.io's memory-usage advice).
    (socket.conn as { request: unknown }).request = null;
    this.logger.debug(`socket ${socket.id} joined ${userRoom(user.id)}`);
  }

  /**
   * Cuts every socket of these sessions, on this instance and (through the Redis adapter) on the
   * others: a closed session stops receiving events at once, not when its access token expires.
   */
  disconnectSessions(sessionIds: readonly string[]): void {
    this.server?.in(sessionIds.map(sessionRoom)).disconnectSockets(true);
  }

  emitToUser<E extends keyof ClientEventMap>(userId: string, event: E, payload: ClientEventMap[E]): void {
    this.server?.to(userRoom(userId)).emit(event, payload);
  }

  /**
   * To every socket of these users, as one broadcast: the packet is encoded once and (with Redis)
   * published once, and a socket in several of the rooms gets it once. A loop of `emitToUser` costs
   * an encoding and a Redis publish per user, which a channel's fan-out multiplies.
   */
  emitToUsers<E extends keyof ClientEventMap>(userIds: readonly string[], event: E, payload: ClientEventMap[E]): void {
    if (userIds.length) this.server?.to(userIds.map(userRoom)).emit(event, payload);
  }

  /** To every socket in a room (joined after its area checked access, see `conversationRoom`). */
  emitToRoom<E extends keyof ClientEventMap>(room: string, event: E, payload: ClientEventMap[E]): void {
    this.server?.to(room).emit(event, payload);
  }

  /** Takes every socket of a user (on every instance) out of a room: what they lost access to stops reaching them at once. */
  removeUserFromRoom(userId: string, room: string): void {
    this.server?.in(userRoom(userId)).socketsLeave(room);
  }
}
