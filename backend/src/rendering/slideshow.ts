import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ffmpeg, renderTimeoutMs, runFfmpeg } from './ffmpeg';

export interface Slide {
  image: Buffer;
  durationSeconds: number;
  /** Burned into the picture, at the bottom. */
  caption?: string;
}

export interface SlideshowOptions {
  width: number;
  height: number;
  /** A soundtrack (voice-over, music), cut or padded with silence to the video's length. */
  audio?: Buffer;
  fps?: number;
  signal?: AbortSignal;
}

// Captions need a font file that ships with the project: pdfmake's Roboto.
const CAPTION_FONT = join(dirname(require.resolve('pdfmake/fonts/Roboto')), 'Roboto', 'Roboto-Medium.ttf');

/**
 * An MP4 (H.264, with AAC when there is sound) from still images, each with a slow pan and zoom
 * (ffmpeg's zoompan) and its caption burned in. Work happens in a temporary folder, removed after.
 */
export async function renderSlideshow(slides: Slide[], options: SlideshowOptions): Promise<Buffer> {
  if (!slides.length) throw new Error('A slideshow needs at least one slide');
  const fps = options.fps ?? 25;
  const { width, height } = options;
  const directory = await mkdtemp(join(tmpdir(), 'webox-slideshow-'));
  try {
    const command = ffmpeg();
    const filters: string[] = [];
    for (const [index, slide] of slides.entries()) {
      const imagePath = join(directory, `slide-${index}.png`);
      await writeFile(imagePath, slide.image);
      command.input(imagePath).inputOptions(['-loop 1', `-t ${slide.durationSeconds.toFixed(3)}`]);
      const frames = Math.max(1, Math.round(slide.durationSeconds * fps));
      // Scale up first so the zoom is smooth, then pan towards the centre while zooming in.
      const zoomIn = index % 2 === 0;
      const zoom = zoomIn ? `min(1+0.12*on/${frames},1.12)` : `max(1.12-0.12*on/${frames},1)`;
      let chain = `[${index}:v]scale=${width * 2}:${height * 2}:force_original_aspect_ratio=increase,crop=${width * 2}:${height * 2},zoompan=z='${zoom}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':d=${frames}:s=${width}x${height}:fps=${fps},setsar=1`;
      if (slide.caption) {
        const captionPath = join(directory, `caption-${index}.txt`);
        await writeFile(captionPath, wrap(slide.caption, Math.max(20, Math.floor(width / 22))));
        const fontSize = Math.round(Math.min(width, height) / 18);
        // The words go through a file and expansion is off: narration is plain text, and a `%` in it
        // ("50% off") must not be read as a `%{…}` function (one that does not parse fails the job).
        chain += `,drawtext=fontfile=${filterValue(CAPTION_FONT)}:textfile=${filterValue(captionPath)}:expansion=none:fontcolor=white:fontsize=${fontSize}:line_spacing=${Math.round(fontSize / 4)}:box=1:boxcolor=black@0.55:boxborderw=${Math.round(fontSize / 2)}:x=(w-text_w)/2:y=h-text_h-${Math.round(height / 12)}`;
      }
      filters.push(`${chain}[v${index}]`);
    }
    const total = slides.reduce((sum, slide) => sum + slide.durationSeconds, 0);
    filters.push(`${slides.map((_, index) => `[v${index}]`).join('')}concat=n=${slides.length}:v=1:a=0,format=yuv420p[video]`);
    const maps = ['-map [video]'];
    if (options.audio) {
      const audioPath = join(directory, 'audio');
      await writeFile(audioPath, options.audio);
      command.input(audioPath);
      filters.push(`[${slides.length}:a]apad,atrim=0:${total.toFixed(3)}[audio]`);
      maps.push('-map [audio]', '-c:a aac', '-b:a 128k');
    }
    const output = join(directory, 'out.mp4');
    command
      .complexFilter(filters)
      .outputOptions([...maps, '-c:v libx264', '-preset veryfast', '-crf 23', `-r ${fps}`, '-movflags +faststart', `-t ${total.toFixed(3)}`])
      .output(output);
    await runCancellable(command, options.signal, renderTimeoutMs(total));
    return await readFile(output);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Runs ffmpeg unless already cancelled, and kills it the moment the signal aborts. */
async function runCancellable(command: ffmpeg.FfmpegCommand, signal: AbortSignal | undefined, timeoutMs: number): Promise<void> {
  if (signal?.aborted) throw new Error('Cancelled');
  const abort = () => command.kill('SIGKILL');
  signal?.addEventListener('abort', abort, { once: true });
  try {
    await runFfmpeg(command, timeoutMs);
  } finally {
    signal?.removeEventListener('abort', abort);
  }
  if (signal?.aborted) throw new Error('Cancelled');
}

/**
 * A filter option's value escaped for the two levels ffmpeg parses: the option (`\`, `'`, `:`), then
 * the filtergraph (`\`, `'`, `[`, `]`, `,`, `;`), as ffmpeg-filters "Notes on filtergraph escaping".
 */
export function filterValue(value: string): string {
  const option = value.replace(/[\\':]/g, (char) => `\\${char}`);
  return option.replace(/[\\'[\],;]/g, (char) => `\\${char}`);
}

/** Breaks a caption into lines of at most `width` characters. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/**
 * One soundtrack from several clips (a voice-over per scene), each starting at the beginning of
 * its slot and padded with silence to the slot's length. Answers a WAV.
 */
export async function sequenceAudio(clips: Array<{ data: Buffer; slotSeconds: number }>, signal?: AbortSignal): Promise<Buffer> {
  const directory = await mkdtemp(join(tmpdir(), 'webox-audio-'));
  try {
    const command = ffmpeg();
    const filters: string[] = [];
    for (const [index, clip] of clips.entries()) {
      const path = join(directory, `clip-${index}`);
      await writeFile(path, clip.data);
      command.input(path);
      filters.push(`[${index}:a]aresample=44100,aformat=sample_fmts=s16:channel_layouts=mono,apad,atrim=0:${clip.slotSeconds.toFixed(3)}[a${index}]`);
    }
    filters.push(`${clips.map((_, index) => `[a${index}]`).join('')}concat=n=${clips.length}:v=0:a=1[out]`);
    const output = join(directory, 'track.wav');
    command.complexFilter(filters).outputOptions(['-map [out]']).output(output);
    await runCancellable(command, signal, renderTimeoutMs(clips.reduce((sum, clip) => sum + clip.slotSeconds, 0)));
    return await readFile(output);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
