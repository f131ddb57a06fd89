import ffmpeg from 'fluent-ffmpeg';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * ffmpeg and ffprobe come from npm packages that ship static binaries (installed with the
 * project, never downloaded at run time). One place sets them for every fluent-ffmpeg command.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ffmpegPath = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ffprobePath = (require('@ffprobe-installer/ffprobe') as { path: string }).path;
ffmpeg.setFfmpegPath(ffmpegPath);
ffmpeg.setFfprobePath(ffprobePath);

export { ffmpeg };

export interface MediaProbe {
  durationSeconds: number | null;
  width: number | null;
  height: number | null;
  hasVideo: boolean;
  hasAudio: boolean;
  videoCodec: string | null;
  audioCodec: string | null;
}

/** Duration, dimensions and streams of an audio or video file on disk. */
export function probe(path: string): Promise<MediaProbe> {
  return new Promise((resolve, reject) => {
    ffmpeg.ffprobe(path, (error, data) => {
      if (error) return reject(error instanceof Error ? error : new Error(String(error)));
      const video = data.streams.find((stream) => stream.codec_type === 'video');
      const audio = data.streams.find((stream) => stream.codec_type === 'audio');
      const duration = Number(data.format.duration);
      resolve({
        durationSeconds: Number.isFinite(duration) ? duration : null,
        width: video?.width ?? null,
        height: video?.height ?? null,
        hasVideo: Boolean(video),
        hasAudio: Boolean(audio),
        videoCodec: video?.codec_name ?? null,
        audioCodec: audio?.codec_name ?? null,
      });
    });
  });
}

/** Runs a fluent-ffmpeg command to completion. */
export function runFfmpeg(command: ffmpeg.FfmpegCommand): Promise<void> {
  return new Promise((resolve, reject) => {
    command.once('end', () => resolve()).once('error', (error: Error) => reject(error)).run();
  });
}

/** `probe` for bytes in memory (written to a temporary file, removed after). */
export async function probeBytes(data: Buffer): Promise<MediaProbe> {
  const directory = await mkdtemp(join(tmpdir(), 'webox-probe-'));
  try {
    await writeFile(join(directory, 'input'), data);
    return await probe(join(directory, 'input'));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
