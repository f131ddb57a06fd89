import type { TransformStepConfig } from './workflow-definition';

/** Why a transform could not produce its output: the run fails at that step with this message. */
export class TransformError extends Error {
  override readonly name = 'TransformError';
}

/**
 * A `transform` step on its rendered source: data in, data out, no code evaluated.
 * - `extract`: reads `path` (`data.items[0].title`) from the source's JSON (a ```json fence is allowed);
 * - `template`: the rendered template itself;
 * - `split`: the source cut at `separator` (default a new line), blank parts dropped, as a JSON list;
 * - `join`: a JSON list (or lines) joined with `separator` (default a new line).
 */
export function applyTransform(config: TransformStepConfig, source: string): string {
  switch (config.operation) {
    case 'template':
      return source;
    case 'extract': {
      const value = readPath(parseJson(source), config.path ?? '');
      if (value === undefined) throw new TransformError(`The JSON has no value at "${config.path}"`);
      return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    }
    case 'split':
      return JSON.stringify(
        source
          .split(config.separator || '\n')
          .map((part) => part.trim())
          .filter(Boolean),
      );
    case 'join': {
      const parts = listOf(source);
      return parts.join(config.separator ?? '\n');
    }
  }
}

function parseJson(source: string): unknown {
  const text = source.trim().replace(/^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i, '$1').trim();
  try {
    return JSON.parse(text);
  } catch {
    // A model may wrap its JSON in a sentence: the first object or list in the text.
    const start = text.search(/[[{]/);
    const end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
    if (start >= 0 && end > start) {
      try {
        return JSON.parse(text.slice(start, end + 1));
      } catch {
        // falls through
      }
    }
    throw new TransformError(`The input is not JSON (it starts with ${JSON.stringify(text.slice(0, 40))})`);
  }
}

/** `a.b[0].c` on parsed JSON; undefined when a part is missing. */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(part)) return undefined;
      current = current[Number(part)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(current, part)) return undefined;
      current = (current as Record<string, unknown>)[part];
    }
  }
  return current;
}

function listOf(source: string): string[] {
  try {
    const parsed = JSON.parse(source.trim()) as unknown;
    if (Array.isArray(parsed)) return parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  } catch {
    // not JSON: lines
  }
  return source
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}
