import type { ChatMessage } from './capabilities';

/** What the merge model is asked when the caller gives no instruction of its own. */
export const DEFAULT_MERGE_INSTRUCTION =
  'Synthesise these answers into one answer: keep what each gets right, resolve their contradictions (say so when they cannot be resolved), drop repetition, and do not mention that several answers were given.';

/** One answer to merge, labelled (a step's id, a model's name). */
export interface MergeSource {
  label: string;
  output: string;
}

/**
 * The merge model's thread, shared by a workflow's `merge` step and chat's "Merge answers": the
 * instruction (or the default one), then every answer, labelled.
 */
export function mergeThread(instruction: string | undefined, sources: readonly MergeSource[]): ChatMessage[] {
  const answers = sources.map((source, index) => `### Answer ${index + 1} (${source.label})\n\n${source.output}`).join('\n\n');
  return [
    { role: 'system', content: 'You merge several answers to the same task into one. Answer with the merged answer only.' },
    { role: 'user', content: `${instruction?.trim() || DEFAULT_MERGE_INSTRUCTION}\n\n${answers}` },
  ];
}
