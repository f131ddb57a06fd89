/**
 * What a reader would say of a Markdown reply: its words, without the marks. Code blocks, images,
 * HTML tags and citation marks ([1]) are left out; links keep their text; list items and table
 * cells become short pauses. Every pattern is linear in the text (no run is scanned again from
 * each of its characters), since the text is a model's.
 */
export function speakableText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?(```|$)|~~~[\s\S]*?(~~~|$)/g, '\n')
    .replace(/!\[[^[\]\n]*\]\([^()\n]*\)/g, '')
    .replace(/\[([^[\]\n]+)\]\([^()\n]*\)/g, '$1')
    .replace(/<[^<>\n]+>/g, '')
    .replace(/\[\d+\]/g, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]*>[ \t]?/gm, '')
    .replace(/^[ \t]*([-*+]|\d+[.)])[ \t]+/gm, '')
    .replace(/^[ \t]*\|?([ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(:?-{3,}:?)?[ \t]*$/gm, '')
    .replace(/[ \t]*\|[ \t]*/g, ', ')
    .replace(/^[ \t]*([-*_][ \t]*){3,}$/gm, '')
    .replace(/[*~]+/g, '')
    .replace(/(^|[^\p{L}\p{N}_])_+|_+(?![\p{L}\p{N}])/gmu, '$1')
    .replace(/[ \t]+/g, ' ')
    .replace(/^[ ,]+|[ ,]+$/gm, '')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** At most `max` characters, cut after the last full sentence (or word) that fits. */
export function capSpeech(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('! '), head.lastIndexOf('? '), head.lastIndexOf('\n'));
  if (sentence > max / 2) return head.slice(0, sentence + 1).trim();
  const word = head.lastIndexOf(' ');
  return (word > 0 ? head.slice(0, word) : head).trim();
}
