import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

/** A real PNG of the given size (a gradient, so it compresses like a picture). */
export async function pngOf(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) pixels.set([(i * 7) % 256, (i >> 3) % 256, 128], i * 3);
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** A short H.264/AAC MP4 and a WAV, made by the project's own ffmpeg. */
export function videoAndAudio(): { mp4: Buffer; wav: Buffer } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ffmpegPath = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  const directory = mkdtempSync(join(tmpdir(), 'webox-fixture-'));
  try {
    const mp4 = join(directory, 'clip.mp4');
    const wav = join(directory, 'tone.wav');
    execFileSync(ffmpegPath, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=2:size=320x240:rate=10', '-f', 'lavfi', '-i', 'sine=duration=2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', mp4]);
    execFileSync(ffmpegPath, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1.5', wav]);
    return { mp4: readFileSync(mp4), wav: readFileSync(wav) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The start of a real ELF executable (the Node binary itself). */
export function executableBytes(): Buffer {
  return readFileSync(process.execPath).subarray(0, 64 * 1024);
}
