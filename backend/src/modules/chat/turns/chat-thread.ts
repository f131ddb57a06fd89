import type { ChatImage, ChatMessage as ProviderMessage } from '../../../ai/capabilities';
import { countTokens } from '../../../ai/adapters/local.adapter';
import { untrustedLabel } from '../../tools/untrusted-content';
import type { ChatMessage, MessageAttachment } from '../chat-message.entity';

/** A user's message not stored yet: its text and its attachments. */
export type NewUserMessage = Pick<ChatMessage, 'content' | 'attachments'>;

/**
 * What one model sees of a conversation: every user message, and only its own replies. A turn it
 * did not answer (it joined later, or failed) leaves two user messages in a row; they are joined,
 * because some vendors insist on alternating roles. Attached documents come as their text after the
 * message; attached images, for a model given `images` (one that takes them), as the pictures.
 */
export function threadFor(history: ChatMessage[], modelId: string, newMessage?: string | NewUserMessage, images?: ReadonlyMap<string, ChatImage>): ProviderMessage[] {
  const thread: ProviderMessage[] = [];
  const push = (role: 'user' | 'assistant', content: string, pictures: ChatImage[] = []) => {
    const last = thread[thread.length - 1];
    if (last?.role === role) {
      last.content = `${last.content}\n\n${content}`;
      if (pictures.length && last.role === 'user') last.images = [...(last.images ?? []), ...pictures];
    } else thread.push(pictures.length ? { role, content, images: pictures } : { role, content });
  };
  const pushUser = (message: NewUserMessage) => push('user', userContent(message, images), imagesOf(message.attachments, images));
  for (const message of history) {
    if (message.role === 'user') pushUser(message);
    else if (message.model === modelId && message.kind !== 'merged' && (message.status === 'complete' || message.status === 'stopped') && message.content) push('assistant', message.content);
  }
  if (newMessage !== undefined) pushUser(typeof newMessage === 'string' ? { content: newMessage, attachments: [] } : newMessage);
  return thread;
}

const imagesOf = (attachments: MessageAttachment[] | undefined, images: ReadonlyMap<string, ChatImage> | undefined): ChatImage[] =>
  images ? (attachments ?? []).flatMap((a) => (a.kind === 'image' && images.has(a.mediaFileId) ? [images.get(a.mediaFileId)!] : [])) : [];

/**
 * A user message's text as a model gets it: the message, then each attached document (labelled as
 * data, with its name, and saying so when it was cut), and a word for each image it does not get.
 */
function userContent({ content, attachments }: NewUserMessage, images: ReadonlyMap<string, ChatImage> | undefined): string {
  const parts = [content];
  for (const attachment of attachments ?? []) {
    if (attachment.kind === 'document') {
      const cut = attachment.truncatedTo ? `, truncated to ${attachment.truncatedTo} characters` : '';
      parts.push(`${untrustedLabel(`Attached document "${attachment.name}"${cut}`)}:\n<document name="${attachment.name.replace(/"/g, "'")}">\n${attachment.text ?? ''}\n</document>`);
    } else if (!images) parts.push(`[Attached image "${attachment.name}": not shown, this model does not take images]`);
    else if (!images.has(attachment.mediaFileId)) parts.push(`[Attached image "${attachment.name}": no longer in the media library]`);
  }
  return parts.join('\n\n');
}

export const threadTokens = (thread: ProviderMessage[]) => thread.reduce((sum, message) => sum + countTokens(message.content), 0);

/** A short title from the first message: its first line, cut at a word boundary. */
export function titleFrom(message: string): string {
  const firstLine = message
    // Emphasis marks go without a trace ("**there**," stays "there,"); the others may separate words.
    .replace(/[`*]/g, '')
    .replace(/[_#>[\]()]/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0) ?? 'New conversation';
  const clean = firstLine.replace(/\s+/g, ' ');
  if (clean.length <= 60) return clean;
  const cut = clean.slice(0, 60);
  const space = cut.lastIndexOf(' ');
  return `${(space > 30 ? cut.slice(0, space) : cut).trim()}…`;
}
