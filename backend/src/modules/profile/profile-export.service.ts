import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import JSZip from 'jszip';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth.decorators';
import { Agent } from '../agents/agent.entity';
import { ChatMessage } from '../chat/chat-message.entity';
import { Conversation } from '../chat/conversation.entity';
import { MediaFile } from '../media/media-file.entity';
import { Prompt } from '../prompts/prompt.entity';

export interface ProfileExport {
  filename: string;
  body: Buffer;
}

/** Drops the owner (always the caller) and the columns that only mean something inside Webox (storage keys). */
function without<T extends object, K extends keyof T>(row: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...row };
  for (const key of keys) delete copy[key];
  return copy;
}

/**
 * "Export my data" (audit page 14): one ZIP archive of the caller's own rows — conversations with
 * their messages, prompts, agents, and the media library's list (metadata, not the files). Every
 * read is filtered on the caller's id; shared and built-in rows of others stay out.
 */
@Injectable()
export class ProfileExportService {
  constructor(
    @InjectRepository(Conversation) private readonly conversations: Repository<Conversation>,
    @InjectRepository(ChatMessage) private readonly messages: Repository<ChatMessage>,
    @InjectRepository(Prompt) private readonly prompts: Repository<Prompt>,
    @InjectRepository(Agent) private readonly agents: Repository<Agent>,
    @InjectRepository(MediaFile) private readonly media: Repository<MediaFile>,
  ) {}

  async export(user: AuthUser, now = new Date()): Promise<ProfileExport> {
    const ownerId = user.id;
    const [conversations, messages, prompts, agents, files] = await Promise.all([
      this.conversations.find({ where: { ownerId }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.messages.find({ where: { ownerId }, order: { createdAt: 'ASC', turn: 'ASC', position: 'ASC', id: 'ASC' } }),
      this.prompts.find({ where: { ownerId }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.agents.find({ where: { ownerId }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.media.find({ where: { ownerId }, order: { createdAt: 'ASC', id: 'ASC' } }),
    ]);
    // In each conversation: turn by turn, the user's message before its replies, versions oldest first.
    messages.sort((a, b) => a.turn - b.turn || (a.role === b.role ? 0 : a.role === 'user' ? -1 : 1) || a.createdAt.getTime() - b.createdAt.getTime() || a.position - b.position);
    const byConversation = new Map<string, Array<Omit<ChatMessage, 'ownerId' | 'conversationId'>>>();
    for (const message of messages) {
      const list = byConversation.get(message.conversationId) ?? [];
      list.push(without(message, 'ownerId', 'conversationId'));
      byConversation.set(message.conversationId, list);
    }
    const zip = new JSZip();
    const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
    zip.file(
      'export.json',
      json({
        format: 'webox-export/1',
        exportedAt: now.toISOString(),
        user: { id: user.id, email: user.email },
        counts: { conversations: conversations.length, messages: messages.length, prompts: prompts.length, agents: agents.length, media: files.length },
      }),
    );
    zip.file('conversations.json', json(conversations.map((conversation) => ({ ...without(conversation, 'ownerId'), messages: byConversation.get(conversation.id) ?? [] }))));
    zip.file('prompts.json', json(prompts.map((prompt) => without(prompt, 'ownerId'))));
    zip.file('agents.json', json(agents.map((agent) => without(agent, 'ownerId'))));
    zip.file('media.json', json(files.map((file) => without(file, 'ownerId', 'storageKey', 'thumbnailKey'))));
    const body = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
    return { filename: `webox-export-${now.toISOString().slice(0, 10)}.zip`, body };
  }
}
