import { createHash } from 'node:crypto';

/**
 * Deterministic embeddings by feature hashing: every word adds ±1 to one hashed coordinate, then the
 * vector is normalized. Texts that share words therefore get a high cosine similarity, which is enough
 * for retrieval tests to rank the right document first, with no model involved.
 */
export function embedText(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  // A text without words still gets a stable, non-zero vector of its own.
  for (const word of words.length ? words : [`\u0000${text}`]) {
    const digest = createHash('sha256').update(word).digest();
    const position = digest.readUInt32LE(0) % dimensions;
    vector[position] = (vector[position] ?? 0) + (digest[4] & 1 ? 1 : -1);
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/** The OpenAI `encoding_format: 'base64'` form: little-endian float32s, as the SDK decodes them. */
export function toBase64Float32(vector: number[]): string {
  const buffer = Buffer.alloc(vector.length * 4);
  vector.forEach((value, position) => buffer.writeFloatLE(value, position * 4));
  return buffer.toString('base64');
}

export function cosineSimilarity(a: number[], b: number[]): number {
  let dot = 0;
  for (let position = 0; position < Math.min(a.length, b.length); position++) dot += (a[position] ?? 0) * (b[position] ?? 0);
  return dot / ((Math.hypot(...a) || 1) * (Math.hypot(...b) || 1));
}
