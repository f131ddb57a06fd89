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

  /** Marks a conversation read up to a message (never backwards). */
  async markRead(userId: string, key: string, seq: string): Promise<void> {
    await this.messages.query(
      `INSERT INTO collab_read_markers (user_id, conversation_key, last_read_seq) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, conversation_key) DO UPDATE SET last_read_seq = GREATEST(collab_read_markers.last_read_seq, EXCLUDED.last_read_seq)`,
      [userId, key, seq],
    );
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
