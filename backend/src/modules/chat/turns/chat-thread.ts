import type { ChatMessage as ProviderMessage } from '../../../ai/capabilities';
import { countTokens } from '../../../ai/adapters/local.adapter';
import type { ChatMessage } from '../chat-message.entity';

/**
 * What one model sees of a conversation: every user message, and only its own replies. A turn it
 * did not answer (it joined later, or failed) leaves two user messages in a row; they are joined,
 * because some vendors insist on alternating roles.
 */
export function threadFor(history: ChatMessage[], modelId: string, newMessage?: string): ProviderMessage[] {
  const thread: ProviderMessage[] = [];
  const push = (role: 'user' | 'assistant', content: string) => {
    const last = thread[thread.length - 1];
    if (last?.role === role) last.content = `${last.content}\n\n${content}`;
    else thread.push({ role, content });
  };
  for (const message of history) {
    if (message.role === 'user') push('user', message.content);
    else if (message.model === modelId && (message.status === 'complete' || message.status === 'stopped') && message.content) push('assistant', message.content);
  }
  if (newMessage !== undefined) push('user', newMessage);
  return thread;
}

export const threadTokens = (thread: ProviderMessage[]) => thread.reduce((sum, message) => sum + countTokens(message.content), 0);

/** A short title from the first message: its first line, cut at a word boundary. */
export function titleFrom(message: string): string {
  const firstLine = message
    .replace(/[`*_#>[\]()]/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0) ?? 'New conversation';
  const clean = firstLine.replace(/\s+/g, ' ');
  if (clean.length <= 60) return clean;
  const cut = clean.slice(0, 60);
  const space = cut.lastIndexOf(' ');
  return `${(space > 30 ? cut.slice(0, space) : cut).trim()}…`;
}
