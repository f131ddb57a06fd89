/**
 * Telephony audio: G.711 μ-law ↔ signed 16-bit PCM, resampling to and from 8 kHz, WAV wrapping and
 * parsing. Twilio Media Streams carry μ-law 8 kHz mono in 20 ms frames (160 bytes); speech vendors
 * answer raw PCM (OpenAI `pcm`: 24 kHz), μ-law (ElevenLabs `ulaw_8000`) or WAV (the offline voice).
 */

export const TELEPHONY_RATE = 8_000;
/** One Media Streams frame: 20 ms of μ-law at 8 kHz. */
export const FRAME_BYTES = 160;

const BIAS = 0x84;
const CLIP = 32_635;

/** G.711 μ-law byte → linear sample (−32124…32124). */
const DECODE_TABLE = (() => {
  const table = new Int16Array(256);
  for (let index = 0; index < 256; index++) {
    const value = ~index & 0xff;
    const sign = value & 0x80;
    const exponent = (value >> 4) & 0x07;
    const mantissa = value & 0x0f;
    const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
    table[index] = sign ? -magnitude : magnitude;
  }
  return table;
})();

function encodeSample(sample: number): number {
  let value = sample;
  const sign = value < 0 ? 0x80 : 0;
  if (sign) value = -value;
  if (value > CLIP) value = CLIP;
  value += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (value & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (value >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** μ-law bytes → PCM16 samples. */
export function decodeMulaw(bytes: Uint8Array): Int16Array {
  const samples = new Int16Array(bytes.length);
  for (let index = 0; index < bytes.length; index++) samples[index] = DECODE_TABLE[bytes[index]!]!;
  return samples;
}

/** PCM16 samples → μ-law bytes. */
export function encodeMulaw(samples: Int16Array): Buffer {
  const bytes = Buffer.allocUnsafe(samples.length);
  for (let index = 0; index < samples.length; index++) bytes[index] = encodeSample(samples[index]!);
  return bytes;
}

/** Root mean square of a block of samples (0 for none): the energy the end-of-utterance detector reads. */
export function rms(samples: Int16Array): number {
  if (!samples.length) return 0;
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}

/** A mono PCM16 WAV file (what the transcription vendor is sent). */
export function wavOf(samples: Int16Array, sampleRate: number): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** The samples and rate of a PCM16 WAV (mono, or its first channel); undefined when it is not one. */
export function parseWav(file: Buffer): { samples: Int16Array; sampleRate: number } | undefined {
  if (file.length < 12 || file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let offset = 12;
  let format: { channels: number; sampleRate: number; bits: number; codec: number } | undefined;
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && body + 16 <= file.length) {
      format = { codec: file.readUInt16LE(body), channels: file.readUInt16LE(body + 2), sampleRate: file.readUInt32LE(body + 4), bits: file.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!format || format.codec !== 1 || format.bits !== 16 || format.channels < 1) return undefined;
      // eSpeak (meSpeak) writes 0 or a too-large size for a streamed data chunk: take what is there.
      const end = size && body + size <= file.length ? body + size : file.length;
      const frames = Math.floor((end - body) / (2 * format.channels));
      const samples = new Int16Array(frames);
      for (let index = 0; index < frames; index++) samples[index] = file.readInt16LE(body + index * 2 * format.channels);
      return { samples, sampleRate: format.sampleRate };
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}

/** Resamples a whole block (linear interpolation; a box average first when shrinking by a whole factor). */
export function resample(samples: Int16Array, from: number, to: number): Int16Array {
  const resampler = new StreamResampler(from, to);
  return resampler.push(samples);
}

/**
 * A resampler fed in chunks (vendors' audio arrives in arbitrary pieces): whole-factor decimation
 * averages each group of samples (a crude low-pass that keeps 24 kHz → 8 kHz free of the worst
 * aliasing), other ratios interpolate linearly; what a chunk leaves over waits for the next one.
 */
export class StreamResampler {
  private readonly step: number;
  private readonly factor: number;
  private carry: number[] = [];
  private position = 0;

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {
    this.step = from / to;
    this.factor = Number.isInteger(this.step) ? this.step : 0;
  }

  push(input: Int16Array): Int16Array {
    if (this.from === this.to) return input;
    const samples = this.carry.length ? Int16Array.from([...this.carry, ...input]) : input;
    if (this.factor) {
      const count = Math.floor(samples.length / this.factor);
      const output = new Int16Array(count);
      for (let index = 0; index < count; index++) {
        let sum = 0;
        for (let offset = 0; offset < this.factor; offset++) sum += samples[index * this.factor + offset]!;
        output[index] = Math.round(sum / this.factor);
      }
      this.carry = Array.from(samples.subarray(count * this.factor));
      return output;
    }
    const output: number[] = [];
    let position = this.position;
    while (position + 1 < samples.length) {
      const base = Math.floor(position);
      const fraction = position - base;
      output.push(Math.round(samples[base]! * (1 - fraction) + samples[base + 1]! * fraction));
      position += this.step;
    }
    const keep = Math.floor(position);
    this.carry = Array.from(samples.subarray(keep));
    this.position = position - keep;
    return Int16Array.from(output);
  }
}

/** Raw audio as a speech vendor streams it, turned into μ-law 8 kHz bytes chunk by chunk. */
export class TelephonyEncoder {
  private odd: number | undefined;
  private readonly resampler: StreamResampler | undefined;

  constructor(
    private readonly encoding: 'ulaw' | 'pcm16',
    sampleRate: number,
  ) {
    if (encoding === 'ulaw' && sampleRate !== TELEPHONY_RATE) throw new Error(`μ-law audio must be 8 kHz, not ${sampleRate} Hz`);
    this.resampler = encoding === 'pcm16' ? new StreamResampler(sampleRate, TELEPHONY_RATE) : undefined;
  }

  push(chunk: Uint8Array): Buffer {
    if (this.encoding === 'ulaw') return Buffer.from(chunk);
    // PCM16 little-endian: a chunk may end in the middle of a sample.
    let bytes = Buffer.from(chunk);
    if (this.odd !== undefined) bytes = Buffer.concat([Buffer.from([this.odd]), bytes]);
    this.odd = bytes.length % 2 ? bytes[bytes.length - 1] : undefined;
    const count = Math.floor(bytes.length / 2);
    const samples = new Int16Array(count);
    for (let index = 0; index < count; index++) samples[index] = bytes.readInt16LE(index * 2);
    return encodeMulaw(this.resampler!.push(samples));
  }
}
