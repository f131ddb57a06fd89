/**
 * From the first `[` to the last `]` of a model's answer (where a JSON array is), or undefined:
 * what `/\[[\s\S]*\]/` finds, without that pattern's retry of the rest of the answer from every `[`.
 */
export function bracketed(answer: string): string | undefined {
  const open = answer.indexOf('[');
  const close = answer.lastIndexOf(']');
  return open >= 0 && close > open ? answer.slice(open, close + 1) : undefined;
}
