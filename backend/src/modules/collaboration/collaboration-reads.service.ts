import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CollabMessage } from './collaboration.entities';

export interface ConversationState {
  unread: number;
  lastMessageId: string | null;
  lastMessageAt: Date | null;
}

/** Read markers: how far each user has read each conversation, and what is unread after it. */
@Injectable()
export class CollaborationReads {
  constructor(@InjectRepository(CollabMessage) private readonly messages: Repository<CollabMessage>) {}

  /**
   * Marks a conversation read up to a message (never backwards), and with it the user's message and
   * mention notifications of the conversation up to there, in one statement (this runs after every
   * message sent). Answers how many notifications it read: when some, the unread count changed.
   */
  async markRead(userId: string, key: string, seq: string): Promise<number> {
    const [row] = (await this.messages.query(
      `WITH marker AS (
         INSERT INTO collab_read_markers (user_id, conversation_key, last_read_seq) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, conversation_key) DO UPDATE SET last_read_seq = GREATEST(collab_read_markers.last_read_seq, EXCLUDED.last_read_seq)
       ), notifications AS (
         UPDATE collab_notifications n SET read_at = now() FROM collab_messages m
          WHERE n.user_id = $1 AND n.conversation_key = $2 AND n.read_at IS NULL AND m.id = n.message_id AND m.seq <= $3
         RETURNING 1
       )
       SELECT count(*)::int AS read FROM notifications`,
      [userId, key, seq],
    )) as Array<{ read: number }>;
    return Number(row?.read ?? 0);
  }

  /** Per conversation: the messages of others after my marker (deleted ones aside) and the newest message. */
  async unread(userId: string, keys: string[]): Promise<Map<string, ConversationState>> {
    const states = new Map<string, ConversationState>();
    if (!keys.length) return states;
    const counts: Array<{ key: string; n: string | number }> = await this.messages
      .createQueryBuilder('m')
      .select('m.conversation_key', 'key')
      .addSelect('count(*)', 'n')
      .leftJoin('collab_read_markers', 'r', 'r.user_id = :me AND r.conversation_key = m.conversation_key', { me: userId })
      .where('m.conversation_key IN (:...keys)', { keys })
      .andWhere('m.sender_id <> :me AND m.deleted_at IS NULL AND m.seq > COALESCE(r.last_read_seq, 0)')
      .groupBy('m.conversation_key')
      .getRawMany();
    const newest = await this.messages
      .createQueryBuilder('m')
      .distinctOn(['m.conversation_key'])
      .where('m.conversation_key IN (:...keys)', { keys })
      .orderBy('m.conversation_key')
      .addOrderBy('m.seq', 'DESC')
      .getMany();
    for (const message of newest) states.set(message.conversationKey, { unread: 0, lastMessageId: message.id, lastMessageAt: message.createdAt });
    for (const { key, n } of counts) states.set(key, { ...(states.get(key) ?? { lastMessageId: null, lastMessageAt: null }), unread: Number(n) });
    return states;
  }
}
