import type { JsonSchema } from '../../ai/capabilities';
import type { AuthUser } from '../../common/auth.decorators';

/** A passage an answer may cite: numbered in the order the turn first met it ([1], [2], ...). */
export interface Citation {
  n: number;
  chunkId: string;
  collectionId: string;
  collectionName: string;
  /** The media-library file the passage comes from. */
  fileId: string;
  fileName: string;
  /** 1-based page for PDFs, else null. */
  page: number | null;
  /** The first characters of the passage, to show beside the link. */
  snippet: string;
}

/** What a tool run may use: the caller's identity and scope, nothing more. */
export interface ToolContext {
  user: AuthUser;
  /** Aborts when the user stops the turn or the tool's time is up. */
  signal: AbortSignal;
  /**
   * The knowledge collections this turn may search (the agent's, or those attached to the chat).
   * Empty means every collection of the user.
   */
  collectionIds: readonly string[];
  /** Numbers a passage for the turn (the same passage keeps its number) and returns it. */
  cite(source: Omit<Citation, 'n'>): number;
}

/**
 * What a built-in tool's summary says, for the dashboard to say it in the reader's language with the
 * step's `params`; `summary` stays in English (exports, the API, MCP tools, older rows).
 */
export const TOOL_SUMMARY_KEYS = ['promptUsed', 'promptNotFound', 'passagesFound', 'passagesNotFound', 'pageRead', 'pageReadCut', 'catalogNotFound', 'imagesMade', 'imageJobPending', 'workflowRan', 'workflowPending', 'pipedreamAnswered', 'currentTime'] as const;
export type ToolSummaryKey = (typeof TOOL_SUMMARY_KEYS)[number];
export type ToolSummaryParams = Record<string, string | number>;

/** What a tool gives back: the text the model reads, and a one-line summary for the user. */
export interface ToolOutput {
  /** Fed to the model as the tool's result. Plain text or JSON text; cut to a bounded size by the runner. */
  content: string;
  /** Shown in the chat's tool step ("409.5", "3 passages from Budget notes.pdf"). */
  summary: string;
  /** The summary as a sentence of the dashboard's dictionary, with its values. */
  summaryKey?: ToolSummaryKey;
  params?: ToolSummaryParams;
  /** Media this run created (generate_image), to link from the step. */
  mediaFileIds?: string[];
  /** Queue jobs this run started. */
  jobIds?: string[];
}

/**
 * One tool a model may call. Arguments are validated against `parameters` (JSON Schema) before
 * `run` is called, so `run` can trust their shape; whatever `run` throws becomes an error result
 * the model reads, never a failed turn. A tool acts only within `context.user`'s own data.
 */
export interface Tool {
  /** `^[a-zA-Z0-9_-]{1,64}$`. */
  readonly name: string;
  /** Told to the model: what the tool does and when to use it. */
  readonly description: string;
  readonly parameters: JsonSchema;
  /** How long a run may take, when the tool waits longer than WEBOX_TOOL_TIMEOUT_MS by design (generate_image). */
  readonly timeoutMs?: number;
  run(args: Record<string, unknown>, context: ToolContext): Promise<ToolOutput>;
}

/** Tools opened for one turn from outside Webox (an MCP server's), with what could not be opened and why. */
export interface OpenedTools {
  tools: Tool[];
  unavailable: Array<{ tool: string; reason: string }>;
  /** Closes the connections opened for the turn. */
  close(): Promise<void>;
}

/** The most of a JSON result kept whole as its summary, which the dashboard shows as a card (table, rows, links). */
export const MAX_JSON_SUMMARY_CHARS = 2_000;

/** `text` as compact JSON when it is a JSON object or array that fits in `MAX_JSON_SUMMARY_CHARS`; undefined otherwise. */
export function jsonSummary(text: string): string | undefined {
  const trimmed = String(text ?? '').trim();
  if (!/^[[{]/.test(trimmed) || trimmed.length > MAX_JSON_SUMMARY_CHARS * 4) return undefined;
  try {
    const compact = JSON.stringify(JSON.parse(trimmed));
    return compact.length <= MAX_JSON_SUMMARY_CHARS ? compact : undefined;
  } catch {
    return undefined;
  }
}
