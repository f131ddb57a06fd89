import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { wavOf } from '../audio-codec';

/**
 * The offline `local` provider's media: real files made on this machine with no model and no
 * network, deterministic for a prompt and seed, and labelled offline wherever they show.
 */

/** A small seeded generator (mulberry32): the same prompt and seed give the same picture or tune. */
export function seededRandom(...parts: Array<string | number | undefined>): () => number {
  let state = createHash('sha256').update(parts.map((part) => String(part ?? '')).join('\u0000')).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An abstract picture drawn from the prompt: a sky-like gradient, layered hills and floating
 * shapes whose palette and layout follow the words. A real PNG, the same for the same input.
 */
export async function drawPicture(prompt: string, width: number, height: number, seed = 0, style = ''): Promise<Buffer> {
  const random = seededRandom(prompt.trim().toLowerCase(), seed, style);
  const hue = Math.floor(random() * 360);
  const hsl = (h: number, s: number, l: number, a = 1) => `hsla(${Math.round(h) % 360},${Math.round(s)}%,${Math.round(l)}%,${a.toFixed(2)})`;
  const shapes: string[] = [];
  for (let layer = 0; layer < 3; layer++) {
    const base = height * (0.55 + layer * 0.15);
    let path = `M0,${height} L0,${base.toFixed(1)}`;
    for (let x = 0; x <= width; x += width / 8) path += ` Q${(x + width / 16).toFixed(1)},${(base - random() * height * 0.25).toFixed(1)} ${(x + width / 8).toFixed(1)},${(base - random() * height * 0.1).toFixed(1)}`;
    shapes.push(`<path d="${path} L${width},${height} Z" fill="${hsl(hue + 40 + layer * 25, 45, 35 - layer * 8, 0.9)}"/>`);
  }
  const count = 6 + Math.floor(random() * 10);
  for (let i = 0; i < count; i++) {
    const x = random() * width;
    const y = random() * height * 0.6;
    const size = (0.03 + random() * 0.12) * Math.min(width, height);
    const colour = hsl(hue + 180 + random() * 90, 60 + random() * 30, 55 + random() * 25, 0.35 + random() * 0.5);
    shapes.push(
      random() < 0.6
        ? `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${size.toFixed(1)}" fill="${colour}"/>`
        : `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(size * 1.6).toFixed(1)}" height="${size.toFixed(1)}" rx="${(size / 4).toFixed(1)}" fill="${colour}" transform="rotate(${Math.round(random() * 90 - 45)} ${x.toFixed(1)} ${y.toFixed(1)})"/>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(hue, 70, 72)}"/><stop offset="1" stop-color="${hsl(hue + 30, 60, 88)}"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#sky)"/>${shapes.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}

const SAMPLE_RATE = 22_050;

/** 16-bit mono PCM samples as a WAV file. */
export function wavFile(samples: Float32Array, sampleRate = SAMPLE_RATE): Buffer {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) pcm[i] = Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32_767);
  return wavOf(pcm, sampleRate);
}

/**
 * A simple music bed: a four-chord progression as a soft pad with a plucked arpeggio, its key,
 * tempo and pattern chosen from the prompt. Enough to sit under a voice-over; not a composition.
 */
export function composeMusicBed(prompt: string, durationSeconds: number, seed = 0): Buffer {
  const random = seededRandom(prompt.trim().toLowerCase(), seed, 'music');
  const length = Math.round(durationSeconds * SAMPLE_RATE);
  const samples = new Float32Array(length);
  const root = 45 + Math.floor(random() * 12); // MIDI note of the key, A2..G#3
  const minor = random() < 0.5;
  const progressions = minor ? [[0, 8, 3, 10], [0, 5, 8, 7], [0, 3, 5, 7]] : [[0, 7, 9, 5], [0, 5, 7, 5], [0, 9, 5, 7]];
  const progression = progressions[Math.floor(random() * progressions.length)];
  const beat = 60 / (72 + Math.floor(random() * 40));
  const barSeconds = beat * 4;
  const third = minor ? 3 : 4;
  const frequency = (midi: number) => 440 * 2 ** ((midi - 69) / 12);
  const pattern = [0, 2, 1, 2, 0, 1, 2, 1].map((step) => (random() < 0.2 ? (step + 1) % 3 : step));
  for (let i = 0; i < length; i++) {
    const t = i / SAMPLE_RATE;
    const bar = Math.floor(t / barSeconds);
    const chordRoot = root + progression[bar % progression.length];
    const notes = [chordRoot, chordRoot + third, chordRoot + 7];
    let value = 0;
    for (const note of notes) value += Math.sin(2 * Math.PI * frequency(note) * t) * 0.08 + Math.sin(2 * Math.PI * frequency(note + 12) * t) * 0.02;
    const step = Math.floor(t / (beat / 2));
    const sinceStep = t - step * (beat / 2);
    const arpeggio = notes[pattern[step % pattern.length]] + 12;
    value += Math.sin(2 * Math.PI * frequency(arpeggio) * t) * 0.18 * Math.exp(-sinceStep * 6);
    const fade = Math.min(1, t / 1.5, (durationSeconds - t) / 1.5);
    samples[i] = value * Math.max(0, fade);
  }
  return wavFile(samples);
}
