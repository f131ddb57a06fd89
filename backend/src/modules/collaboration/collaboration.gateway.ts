import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import type { AuthUser } from '../../common/auth.decorators';
import { DomainError, type ErrorParams, type FieldProblem } from '../../common/domain-error';
import { CommonErrorCode } from '../../common/error-codes';
import { createValidationPipe } from '../../common/validation';
import { CollaborationMessagesService } from './collaboration-messages.service';
import { CollaborationPresenceService } from './collaboration-presence.service';
import { CollaborationMessageDto, SendMessageDto } from './dto/collaboration.dto';

/** An acknowledgement that failed: the error code, as HTTP would answer it, with its sentence, fields and values. */
export interface SocketErrorAck {
  error: string;
  message: string;
  details?: FieldProblem[];
  params?: ErrorParams;
}

const validation = createValidationPipe();

/**
 * What clients send over the socket (the same socket as `RealtimeGateway`, which authenticates it).
 * Every acknowledgement is the result or `{ error: <code>, message, details?, params? }` with the code
 * HTTP would answer (`CHANNEL_NOT_FOUND` for a conversation one is not part of, `VALIDATION_FAILED`,
 * `COLLAB_FLOOD_LIMITED` with `params.retryAfterSeconds`):
 * - `collaboration.send` with the body of `POST /api/collaboration/messages`: `{ message }`;
 * - `collaboration.typing` with `{ channelId }` or `{ recipientId }`: `{ ok: true }`;
 * - `collaboration.presence` with `{ state: 'active' | 'away' }` (the client saw its user go idle or come back): `{ ok: true }`.
 * Connecting and disconnecting sockets are what presence is made of.
 */
@WebSocketGateway({ path: '/socket.io', cors: false })
export class CollaborationGateway implements OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly messages: CollaborationMessagesService,
    private readonly presence: CollaborationPresenceService,
  ) {}

  async handleConnection(socket: Socket): Promise<void> {
    const user = userOf(socket);
    if (user) await this.presence.connected(user.id, socket.id);
  }

  async handleDisconnect(socket: Socket): Promise<void> {
    const user = userOf(socket);
    if (user) await this.presence.disconnected(user.id, socket.id);
  }

  @SubscribeMessage('collaboration.send')
  async send(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<{ message: CollaborationMessageDto } | SocketErrorAck> {
    return this.answer(socket, async (user) => {
      const dto = (await validation.transform(body ?? {}, { type: 'body', metatype: SendMessageDto })) as SendMessageDto;
      await this.presence.touch(socket.id);
      return { message: await this.messages.send(user, dto) };
    });
  }

  @SubscribeMessage('collaboration.typing')
  async typing(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<{ ok: true } | SocketErrorAck> {
    return this.answer(socket, async (user) => {
      await this.presence.touch(socket.id);
      await this.messages.typing(user, typeof body === 'object' && body ? body : {});
      return { ok: true as const };
    });
  }

  @SubscribeMessage('collaboration.presence')
  async reportPresence(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<{ ok: true } | SocketErrorAck> {
    return this.answer(socket, async () => {
      const state = (body as { state?: unknown } | null)?.state;
      if (state !== 'active' && state !== 'away') {
        throw new DomainError('invalid', CommonErrorCode.VALIDATION_FAILED, 'state must be active or away', [{ field: 'state', message: 'state must be active or away' }]);
      }
      await this.presence.report(socket.id, state);
      return { ok: true as const };
    });
  }

  private async answer<T>(socket: Socket, run: (user: AuthUser) => Promise<T>): Promise<T | SocketErrorAck> {
    const user = userOf(socket);
    if (!user) return { error: CommonErrorCode.UNAUTHENTICATED, message: 'Not signed in' };
    try {
      return await run(user);
    } catch (error) {
      if (error instanceof DomainError) return { error: error.code, message: error.message, ...(error.details ? { details: error.details } : {}), ...(error.params ? { params: error.params } : {}) };
      return { error: CommonErrorCode.INTERNAL_ERROR, message: 'Internal server error' };
    }
  }
}

const userOf = (socket: Socket) => (socket.data as { user?: AuthUser }).user;
