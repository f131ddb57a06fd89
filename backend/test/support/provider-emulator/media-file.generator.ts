import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

/**
 * Small but real media files, handed out as generated outputs: each passes magic-byte checks and opens in
 * a player. Files that need ffmpeg (MP3, MP4) are made once per process, on first use.
 */

export type MediaFormat = 'png' | 'webp' | 'jpg' | 'wav' | 'mp3' | 'pcm' | 'mp4';

export const CONTENT_TYPES: Record<MediaFormat, string> = {
  png: 'image/png',
  webp: 'image/webp',
  jpg: 'image/jpeg',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  pcm: 'audio/pcm',
  mp4: 'video/mp4',
};

// The project's ffmpeg binary (an npm package that ships it), as backend/src/rendering/ffmpeg.ts uses it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const FFMPEG = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;

const made = new Map<string, Promise<Buffer>>();

/** Makes a file once per process; a failure is not cached, so the next request tries again. */
function once(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
  let file = made.get(key);
  if (!file) {
    file = make();
    made.set(key, file);
    file.catch(() => made.delete(key));
  }
  return file;
}

function runFfmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => execFile(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args], (error) => (error ? reject(error) : resolve())));
}

/** Runs ffmpeg into a temporary file and returns its bytes (MP4 needs a seekable output). */
async function ffmpegFile(extension: string, args: string[]): Promise<Buffer> {
  const directory = await mkdtemp(join(tmpdir(), 'provider-emulator-'));
  try {
    const output = join(directory, `out.${extension}`);
    await runFfmpeg([...args, output]);
    return await readFile(output);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** A picture of that size (kept small: at most 256 pixels a side, same aspect), in an image format. */
export function imageFile(format: 'png' | 'webp' | 'jpg', width = 64, height = 64): Promise<Buffer> {
  const scale = Math.min(1, 256 / Math.max(width, height));
  const size = { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
  return once(`${format}:${size.width}x${size.height}`, () => {
    const picture = sharp({ create: { ...size, channels: 3, background: { r: 48, g: 96, b: 160 } } });
    return (format === 'png' ? picture.png() : format === 'webp' ? picture.webp() : picture.jpeg()).toBuffer();
  });
}

/** Signed 16-bit mono samples of a quiet 440 Hz tone. */
function toneSamples(seconds: number, sampleRate: number): Buffer {
  const count = Math.round(seconds * sampleRate);
  const samples = Buffer.alloc(count * 2);
  for (let index = 0; index < count; index++) samples.writeInt16LE(Math.round(3000 * Math.sin((2 * Math.PI * 440 * index) / sampleRate)), index * 2);
  return samples;
}

/** A PCM WAV (RIFF header and one `data` chunk) of a short tone. */
export function wavFile(seconds = 0.5, sampleRate = 16_000): Buffer {
  const data = toneSamples(seconds, sampleRate);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Raw signed 16-bit little-endian samples, as OpenAI's `pcm` and ElevenLabs' `pcm_*` formats answer. */
export function pcmFile(seconds = 0.5, sampleRate = 24_000): Buffer {
  return toneSamples(seconds, sampleRate);
}

/** Half a second of tone as an MP3 (libmp3lame, with its ID3 and Xing headers). */
export function mp3File(): Promise<Buffer> {
  return once('mp3', () => ffmpegFile('mp3', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.5', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '32k']));
}

/** One second of a 16:9 test pattern as an H.264 MP4 (`ftyp` box first, moov up front). */
export function mp4File(): Promise<Buffer> {
  return once('mp4', () =>
    ffmpegFile('mp4', ['-f', 'lavfi', '-i', 'testsrc=size=128x72:rate=10:duration=1', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart']),
  );
}

/** A file of the given format, at that size where it is a picture. */
export function mediaFile(format: MediaFormat, size?: { width: number; height: number }): Promise<Buffer> {
  switch (format) {
    case 'png':
    case 'webp':
    case 'jpg':
      return imageFile(format, size?.width, size?.height);
    case 'wav':
      return Promise.resolve(wavFile());
    case 'pcm':
      return Promise.resolve(pcmFile());
    case 'mp3':
      return mp3File();
    case 'mp4':
      return mp4File();
  }
}
