import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import type { AuthUser } from '../../common/auth.decorators';
import { DomainError } from '../../common/domain-error';
import { CollaborationMessagesService } from './collaboration-messages.service';

/**
 * What clients send over the socket (the same socket as `RealtimeGateway`, which authenticates it):
 * `collaboration.typing` with `{ channelId }` or `{ recipientId }`. The acknowledgement is `{ ok: true }`
 * or `{ error: <code> }` (a conversation one is not part of: `CHANNEL_NOT_FOUND` / `COLLABORATOR_NOT_FOUND`).
 */
@WebSocketGateway({ path: '/socket.io', cors: false })
export class CollaborationGateway {
  constructor(private readonly messages: CollaborationMessagesService) {}

  @SubscribeMessage('collaboration.typing')
  async typing(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<{ ok: true } | { error: string }> {
    const user = (socket.data as { user?: AuthUser }).user;
    if (!user) return { error: 'UNAUTHENTICATED' };
    try {
      await this.messages.typing(user, typeof body === 'object' && body ? body : {});
      return { ok: true };
    } catch (error) {
      return { error: error instanceof DomainError ? error.code : 'INTERNAL_ERROR' };
    }
  }
}
