import type { TDocumentDefinitions, Content } from 'pdfmake/interfaces';
import { renderPdf } from '../../rendering/pdf';
import { ConversationDetailDto, ExportFormat, MessageDto } from './dto/chat.dto';

export interface ExportedFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

const EXTENSION: Record<ExportFormat, string> = { markdown: 'md', json: 'json', pdf: 'pdf' };
const CONTENT_TYPE: Record<ExportFormat, string> = { markdown: 'text/markdown; charset=utf-8', json: 'application/json; charset=utf-8', pdf: 'application/pdf' };

/** A conversation as a Markdown, JSON or PDF file, turn by turn, each reply with its model and metrics. */
export async function exportConversation(conversation: ConversationDetailDto, format: ExportFormat): Promise<ExportedFile> {
  const filename = `${slug(conversation.title)}.${EXTENSION[format]}`;
  const body =
    format === 'json' ? Buffer.from(JSON.stringify(conversation, null, 2)) : format === 'markdown' ? Buffer.from(toMarkdown(conversation)) : await renderPdf(toPdf(conversation));
  return { filename, contentType: CONTENT_TYPE[format], body };
}

function turns(conversation: ConversationDetailDto): MessageDto[][] {
  const byTurn = new Map<number, MessageDto[]>();
  for (const message of conversation.messages) byTurn.set(message.turn, [...(byTurn.get(message.turn) ?? []), message]);
  return [...byTurn.values()];
}

function metrics(reply: MessageDto): string {
  const parts = [reply.status !== 'complete' ? reply.status : undefined, reply.outputTokens !== undefined ? `${reply.inputTokens ?? 0} in / ${reply.outputTokens} out tokens` : undefined, reply.cost !== undefined ? `$${reply.cost.toFixed(4)}` : undefined, reply.durationMs !== undefined ? `${(reply.durationMs / 1000).toFixed(1)} s` : undefined];
  return parts.filter(Boolean).join(' · ');
}

/** The tools a reply used and the passages it cites, one line each. */
function trace(reply: MessageDto): string[] {
  const steps = reply.steps.map((step) => (step.kind === 'note' ? `Note: ${step.text}` : `Tool ${step.name}: ${step.error ? `error: ${step.error}` : step.summary ?? ''} (${step.durationMs ?? 0} ms)`));
  const sources = reply.citations.map((c) => `[${c.n}] ${c.fileName}${c.page ? `, p. ${c.page}` : ''} (${c.collectionName})`);
  return [...steps, ...(sources.length ? ['Sources:', ...sources] : [])];
}

/** The files attached to a user's message, one line each. */
function attached(message: MessageDto): string[] {
  return message.attachments.map((a) => `Attached ${a.kind}: ${a.name} (${a.mimeType}${a.truncatedTo ? `, truncated to ${a.truncatedTo} characters for the models` : ''})`);
}

/** Who wrote a reply: its model, or "Merged answer · <model>" for a turn's merged answer. */
const speaker = (reply: MessageDto): string => (reply.kind === 'merged' ? `Merged answer · ${reply.model}` : `${reply.model}`);

function toMarkdown(conversation: ConversationDetailDto): string {
  const lines = [`# ${conversation.title}`, '', `Exported from Webox on ${new Date().toISOString()}`, ''];
  for (const messages of turns(conversation)) {
    lines.push(`## Turn ${messages[0]!.turn}`, '');
    for (const message of messages) {
      if (message.role === 'user') lines.push('**You:**', '', message.content, '', ...attached(message).flatMap((line) => [`> ${line}`, '']));
      else {
        const steps = trace(message);
        lines.push(`### ${speaker(message)} (${metrics(message)})`, '', ...(steps.length ? [...steps.map((line) => `> ${line}`), ''] : []), message.content || (message.error ? `_Error: ${message.error}_` : '_No answer_'), '');
      }
    }
  }
  return lines.join('\n');
}

function toPdf(conversation: ConversationDetailDto): TDocumentDefinitions {
  const content: Content[] = [{ text: conversation.title, style: 'title' }, { text: `Exported from Webox on ${new Date().toISOString()}`, style: 'meta' }];
  for (const messages of turns(conversation)) {
    content.push({ text: `Turn ${messages[0]!.turn}`, style: 'turn' });
    for (const message of messages) {
      if (message.role === 'user') content.push({ text: 'You', style: 'speaker' }, { text: message.content, margin: [0, 0, 0, 8] }, ...attached(message).map((line): Content => ({ text: line, style: 'meta', margin: [0, 0, 0, 2] })));
      else {
        content.push({ text: `${speaker(message)}  —  ${metrics(message)}`, style: 'speaker' });
        for (const line of trace(message)) content.push({ text: line, style: 'meta', margin: [0, 0, 0, 2] });
        content.push({ text: message.content || (message.error ? `Error: ${message.error}` : 'No answer'), margin: [0, 0, 0, 8] });
      }
    }
  }
  return {
    info: { title: conversation.title, creator: 'Webox' },
    content,
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.3 },
    styles: { title: { fontSize: 18, bold: true, margin: [0, 0, 0, 4] }, meta: { fontSize: 8, color: '#666666', margin: [0, 0, 0, 12] }, turn: { fontSize: 13, bold: true, margin: [0, 10, 0, 6] }, speaker: { bold: true, color: '#1a4fa0', margin: [0, 4, 0, 2] } },
    footer: (page: number, pages: number) => ({ text: `${page} / ${pages}`, alignment: 'center', fontSize: 8, margin: [0, 10, 0, 0] }),
  };
}

function slug(title: string): string {
  const base = title.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/\s+/g, '-').toLowerCase().slice(0, 60);
  return base || 'conversation';
}
