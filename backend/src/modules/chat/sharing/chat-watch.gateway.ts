import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import type { AuthUser } from '../../../common/auth.decorators';
import { DomainError } from '../../../common/domain-error';
import { conversationRoom } from '../../../realtime/client-events';
import { ConversationsService } from '../conversations.service';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What clients send to follow a conversation live (the same socket as `RealtimeGateway`, which
 * authenticates it): `chat.watch` / `chat.unwatch` with `{ conversationId }`. Watching needs read
 * access (mine, or shared with me); the socket then receives `chat.turn_event` for each turn sent in
 * it by anyone. Acknowledgement: `{ ok: true }` or `{ error: <code> }` (`CONVERSATION_NOT_FOUND`).
 * Unsharing takes the recipient's sockets out of the room (see `RealtimeGateway.removeUserFromRoom`).
 */
@WebSocketGateway({ path: '/socket.io', cors: false })
export class ChatWatchGateway {
  constructor(private readonly conversations: ConversationsService) {}

  @SubscribeMessage('chat.watch')
  async watch(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<{ ok: true } | { error: string }> {
    const user = (socket.data as { user?: AuthUser }).user;
    const id = conversationIdOf(body);
    if (!user) return { error: 'UNAUTHENTICATED' };
    if (!id) return { error: 'VALIDATION_FAILED' };
    try {
      await this.conversations.readableConversation(user, id);
      await socket.join(conversationRoom(id));
      return { ok: true };
    } catch (error) {
      return { error: error instanceof DomainError ? error.code : 'INTERNAL_ERROR' };
    }
  }

  @SubscribeMessage('chat.unwatch')
  async unwatch(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<{ ok: true } | { error: string }> {
    const id = conversationIdOf(body);
    if (!id) return { error: 'VALIDATION_FAILED' };
    await socket.leave(conversationRoom(id));
    return { ok: true };
  }
}

function conversationIdOf(body: unknown): string | null {
  const id = typeof body === 'object' && body ? (body as { conversationId?: unknown }).conversationId : undefined;
  return typeof id === 'string' && ID.test(id) ? id.toLowerCase() : null;
}
