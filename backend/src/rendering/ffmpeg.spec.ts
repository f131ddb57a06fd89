import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffmpeg, probe, runFfmpeg } from './ffmpeg';

/** A named pipe nobody writes to: ffprobe and ffmpeg block on it for ever, as on a stalled input. */
async function stalledInput(): Promise<{ directory: string; fifo: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'webox-ffmpeg-spec-'));
  const fifo = join(directory, 'stalled');
  execFileSync('mkfifo', [fifo]);
  return { directory, fifo };
}

/** Whether a process of ours still has the pipe open (a stopped ffmpeg would not). */
function stillRunningOn(path: string): boolean {
  try {
    return execFileSync('pgrep', ['-f', path], { encoding: 'utf8' }).trim().length > 0;
  } catch {
    return false;
  }
}

describe('ffmpeg and ffprobe time limits', () => {
  it('kills an ffprobe that hangs on a stalled input, saying why', async () => {
    const { directory, fifo } = await stalledInput();
    try {
      const started = Date.now();
      await expect(probe(fifo, 500)).rejects.toThrow('ffprobe did not finish within 0.5 s and was stopped');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(stillRunningOn(fifo)).toBe(false);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('kills an ffmpeg command that hangs on a stalled input, saying why, and writes nothing', async () => {
    const { directory, fifo } = await stalledInput();
    const output = join(directory, 'frame.png');
    try {
      const started = Date.now();
      await expect(runFfmpeg(ffmpeg(fifo).frames(1).output(output), 500)).rejects.toThrow('ffmpeg did not finish within 0.5 s and was stopped');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(stillRunningOn(fifo)).toBe(false);
      expect(existsSync(output)).toBe(false);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('still reads a real file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'webox-ffmpeg-spec-'));
    const wav = join(directory, 'tone.wav');
    try {
      await runFfmpeg(ffmpeg().input('sine=frequency=440:duration=1').inputFormat('lavfi').output(wav), 20_000);
      await expect(probe(wav)).resolves.toMatchObject({ hasAudio: true, hasVideo: false, audioCodec: 'pcm_s16le' });
      expect((await probe(wav)).durationSeconds).toBeCloseTo(1, 1);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
