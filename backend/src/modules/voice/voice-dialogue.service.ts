import { Injectable, Logger } from '@nestjs/common';
import { addUsage, runAgentLoop } from '../../ai/agent-loop';
import type { ChatMessage, TokenUsage } from '../../ai/capabilities';
import { ProviderRegistry } from '../../ai/provider-registry';
import { UsageService } from '../../ai/usage.service';
import type { AuthUser } from '../../common/auth.decorators';
import { AppConfig } from '../../config/app-config';
import { AgentsService } from '../agents/agents.service';
import { ToolsService } from '../tools/tools.service';
import type { TurnRole, VoiceAssistant } from './voice.entities';

export interface DialogueLine {
  role: TurnRole;
  text: string;
}

export interface DialogueReply {
  text: string;
  model: string;
  usage?: TokenUsage;
  costUsd: number;
  /** The model failed or took too long: `text` is the apology the caller hears. */
  failed: boolean;
}

/** Most a spoken reply keeps (a phone answer is a few sentences; TTS and `<Say>` take longer ones badly). */
const MAX_SPOKEN_CHARS = 1200;

const APOLOGIES: Record<string, string> = {
  en: 'Sorry, I had trouble answering just now. Could you say that again?',
  fr: 'Désolé, je n’ai pas pu répondre à l’instant. Pouvez-vous répéter ?',
  es: 'Lo siento, no he podido responder. ¿Puede repetirlo?',
  de: 'Entschuldigung, ich konnte gerade nicht antworten. Können Sie das wiederholen?',
};

/** Words that end a call when the caller says them. */
const GOODBYE = /\b(good ?bye|bye(-bye)?|au revoir|adieu|ciao|adiós|tschüss|auf wiedersehen)\b/i;

/** The apology a caller hears when the model fails, in the assistant's language (English otherwise). */
export const apologyFor = (language: string): string => APOLOGIES[language.slice(0, 2).toLowerCase()] ?? APOLOGIES['en']!;

export const saysGoodbye = (text: string): boolean => GOODBYE.test(text);

/** A model's Markdown made speakable: no emphasis marks, code fences, links' URLs or list bullets. */
export function spokenText(text: string): string {
  const plain = text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#>|~]+/g, '')
    .replace(/^\s*[-+]\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= MAX_SPOKEN_CHARS) return plain;
  const cut = plain.slice(0, MAX_SPOKEN_CHARS);
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('? '), cut.lastIndexOf('! '));
  return end > MAX_SPOKEN_CHARS / 2 ? cut.slice(0, end + 1) : cut;
}

/**
 * The dialogue engine of a phone assistant, shared by the call loop (Twilio's gather webhook) and the
 * browser's test turns: the whole dialogue goes to the assistant's model, through the agent loop with
 * the agent's tools and knowledge when it speaks as an agent. It never throws: a model that fails or
 * passes the time limit gives the apology the caller hears, and the call goes on.
 */
@Injectable()
export class VoiceDialogueService {
  private readonly logger = new Logger(VoiceDialogueService.name);

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly usage: UsageService,
    private readonly agents: AgentsService,
    private readonly tools: ToolsService,
    private readonly config: AppConfig,
  ) {}

  async reply(assistant: VoiceAssistant, history: readonly DialogueLine[], text: string): Promise<DialogueReply> {
    const signal = AbortSignal.timeout(this.config.voice.modelTimeoutMs);
    // The assistant's owner, as the agents and tools areas know a caller: the phone caller acts with the owner's scope.
    const owner: AuthUser = { id: assistant.ownerId, email: '', role: 'user', sessionId: 'voice' };
    try {
      const { output, usage, model } = await this.ask(owner, assistant, history, text, signal);
      const costUsd = usage ? await this.usage.record(owner.id, 'voice', this.registry.chatModel(model), usage) : 0;
      const spoken = spokenText(output);
      if (!spoken) return { text: apologyFor(assistant.language), model, ...(usage ? { usage } : {}), costUsd, failed: true };
      return { text: spoken, model, ...(usage ? { usage } : {}), costUsd, failed: false };
    } catch (error) {
      this.logger.warn({ err: error, assistantId: assistant.id }, 'A voice assistant’s model failed; the caller hears an apology');
      return { text: apologyFor(assistant.language), model: assistant.model, costUsd: 0, failed: true };
    }
  }

  private async ask(owner: AuthUser, assistant: VoiceAssistant, history: readonly DialogueLine[], text: string, signal: AbortSignal): Promise<{ output: string; usage?: TokenUsage; model: string }> {
    const agent = assistant.agentId ? await this.agents.contextFor(owner, { agentId: assistant.agentId }).catch(() => undefined) : undefined;
    const instructions = [agent?.context.instructions, assistant.instructions.trim()].filter(Boolean).join('\n\n');
    const system =
      `${instructions ? `${instructions}\n\n` : ''}You are speaking on a phone call as "${assistant.name}". ` +
      `Answer in the language ${assistant.language}, in a few short spoken sentences: no Markdown, no lists, no links, no emoji.`;
    const thread: ChatMessage[] = [
      { role: 'system', content: system },
      { role: 'assistant', content: assistant.greeting },
      ...history.map((line): ChatMessage => ({ role: line.role === 'caller' ? 'user' : 'assistant', content: line.text })),
      { role: 'user', content: text },
    ];
    // The offline model's own sentences in the caller's language (the assistant's), not the owner's profile's: read on every turn otherwise.
    const session = await this.registry.openChat(owner.id, assistant.model, assistant.language.slice(0, 2).toLowerCase() === 'fr' ? 'fr' : 'en');
    let output = '';
    let usage: TokenUsage | undefined;
    if (!agent) {
      for await (const chunk of session.stream({ messages: thread }, signal)) {
        if (chunk.type === 'text') output += chunk.text;
        else if (chunk.type === 'usage') usage = addUsage(usage, chunk.usage);
      }
      return { output, ...(usage ? { usage } : {}), model: session.model.id };
    }
    const settings = agent.context.toolSettings;
    const toolbox = await this.tools.open(owner, settings?.tools ?? [], signal);
    try {
      let cited = 0;
      const loop = runAgentLoop(
        session,
        thread,
        {
          tools: toolbox,
          maxSteps: settings?.maxSteps ?? 0,
          maxCallsPerRound: this.config.toolCallsPerRound,
          sampling: { temperature: agent.context.temperature },
          context: { user: owner, collectionIds: settings?.collectionIds ?? [], cite: () => ++cited },
        },
        signal,
      );
      for await (const chunk of loop) {
        if (chunk.type === 'text') output += chunk.text;
        else if (chunk.type === 'usage') usage = addUsage(usage, chunk.usage);
      }
    } finally {
      await toolbox.close();
    }
    if (signal.aborted) throw new Error('The model took longer than the voice time limit');
    return { output, ...(usage ? { usage } : {}), model: session.model.id };
  }
}
